import Fluent
import Vapor

/// The seed's `user_profiles`: per-user settings, starting with the default persona.
final class UserProfile: Model, @unchecked Sendable {
    static let schema = "user_profiles"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    // references
    @Field(key: "user_id") var userID: String
    @OptionalField(key: "default_persona_id") var defaultPersonaID: UUID?

    init() {}
    init(userID: String, defaultPersonaID: UUID?) {
        self.userID = userID
        self.defaultPersonaID = defaultPersonaID
    }
}
