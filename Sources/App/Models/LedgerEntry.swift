import Fluent
import PersonaKit
import Vapor

/// One provider call and what it cost: the ledger behind `GET /api/usage`. Kept after a persona is
/// deleted (it is accounting), so it holds the persona id without a foreign key.
final class LedgerEntry: Model, @unchecked Sendable {
    static let schema = "ledger_entries"

    typealias Outcome = LedgerOutcome

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    // references
    @Field(key: "user_id") var userID: String
    @Field(key: "persona_id") var personaID: UUID
    @Field(key: "job_id") var jobID: UUID
    // data
    @Field(key: "provider") var provider: String
    @Field(key: "model") var model: String
    @Field(key: "resolution") var resolution: String
    @Field(key: "unit_price_usd") var unitPriceUSD: Double
    @Field(key: "units") var units: Int
    @Field(key: "outcome") var outcome: Outcome
    @OptionalField(key: "request_id") var requestID: String?

    init() {}
    init(
        userID: String, personaID: UUID, jobID: UUID, provider: String, model: String, resolution: String,
        unitPriceUSD: Double, units: Int
    ) {
        self.userID = userID
        self.personaID = personaID
        self.jobID = jobID
        self.provider = provider
        self.model = model
        self.resolution = resolution
        self.unitPriceUSD = unitPriceUSD
        self.units = units
        self.outcome = .pending
    }
}
