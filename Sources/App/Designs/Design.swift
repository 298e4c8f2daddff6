import Fluent
import Foundation

/// A thumbnail or social image made from a persona: its format and first prompt, and which of
/// its versions is shown and which was finalized. Variations made together share a `groupID`.
final class Design: Model, @unchecked Sendable {
    static let schema = "designs"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    // references
    @Field(key: "user_id") var userID: String
    @Field(key: "persona_id") var personaID: UUID
    @OptionalField(key: "group_id") var groupID: UUID?
    // data
    @Field(key: "format") var format: String
    @Field(key: "prompt") var prompt: String
    @Field(key: "title") var title: String
    @Field(key: "current_version") var currentVersion: Int
    @OptionalField(key: "finalized_version") var finalizedVersion: Int?

    init() {}
    init(
        id: UUID = UUID(), userID: String, personaID: UUID, groupID: UUID?, format: String, prompt: String,
        title: String
    ) {
        self.id = id
        self.userID = userID
        self.personaID = personaID
        self.groupID = groupID
        self.format = format
        self.prompt = prompt
        self.title = title
        self.currentVersion = 1
    }
}
