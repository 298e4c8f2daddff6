import Fluent
import Vapor

/// One line of the onboarding funnel: a step or sub-step shown, started, completed or skipped.
/// Append-only; `inflio funnel` computes everything else (abandonment included) from these.
final class FunnelEvent: Model, @unchecked Sendable {
    static let schema = "funnel_events"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case shown, started, completed, skipped
    }

    // managed
    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // references
    @Field(key: "user_id") var userID: String
    // data
    /// 1–5.
    @Field(key: "step") var step: Int
    /// "1.1"…"1.5" within step 1, else nil.
    @OptionalField(key: "substep") var substep: String?
    @Field(key: "kind") var kind: Kind

    init() {}
    init(userID: String, step: Int, substep: String?, kind: Kind) {
        self.userID = userID
        self.step = step
        self.substep = substep
        self.kind = kind
    }
}
