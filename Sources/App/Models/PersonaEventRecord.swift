import Fluent
import Vapor

/// A persona's progress event, stored so an event stream can resume from `Last-Event-ID`.
final class PersonaEventRecord: Model, @unchecked Sendable {
    static let schema = "persona_events"

    // managed
    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // references
    @Parent(key: "persona_id") var persona: Persona
    // data
    @Field(key: "type") var type: String
    @Field(key: "data") var data: String

    init() {}
    init(personaID: UUID, type: String, data: String) {
        self.$persona.id = personaID
        self.type = type
        self.data = data
    }
}
