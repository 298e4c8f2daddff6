import Fluent
import Vapor

/// A draft persona's photo analysis (`StoredPhotoAnalysis`, as JSON), one per uploaded photo,
/// keyed by the photo's `persona_images` id. Holds the face descriptor: biometric, so it lives
/// only here, is never sent to clients, and is deleted when the draft is built or removed.
final class PhotoAnalysisRecord: Model, @unchecked Sendable {
    static let schema = "photo_analyses"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // references
    @Parent(key: "persona_id") var persona: Persona
    // data
    @Field(key: "analysis") var analysis: Data

    init() {}
    init(imageID: UUID, personaID: UUID, analysis: Data) {
        self.id = imageID
        self.$persona.id = personaID
        self.analysis = analysis
    }
}
