import Faces
import Fluent
import Vapor

/// The seed's `persona_images` row: an uploaded photo or a generated portrait (one row per attempt).
final class PersonaImage: Model, @unchecked Sendable {
    static let schema = "persona_images"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // references
    @Parent(key: "persona_id") var persona: Persona
    @Field(key: "user_id") var userID: String
    // data
    @Field(key: "image_url") var imageURL: String
    @Field(key: "file_size") var fileSize: Int
    @Field(key: "metadata") var metadata: PersonaImageMetadata

    init() {}
    init(id: UUID, personaID: UUID, userID: String, imageURL: String, fileSize: Int, metadata: PersonaImageMetadata) {
        self.id = id
        self.$persona.id = personaID
        self.userID = userID
        self.imageURL = imageURL
        self.fileSize = fileSize
        self.metadata = metadata
    }
}
