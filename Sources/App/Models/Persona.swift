import Faces
import Fluent
import PersonaKit
import Vapor

/// The seed's `personas` row.
final class Persona: Model, @unchecked Sendable {
    static let schema = "personas"

    /// The seed's lifecycle words and our finer stage: PersonaKit's, where the pipeline's rules use them.
    typealias Status = PersonaStatus
    typealias Stage = PersonaStage

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    // references
    @Field(key: "user_id") var userID: String
    // data
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "status") var status: Status
    @Field(key: "stage") var stage: Stage
    @Field(key: "metadata") var metadata: PersonaMetadata
    /// The identity centroid (128 floats, little-endian). Biometric: kept only here, deleted with
    /// the persona, never sent to clients or logs.
    @OptionalField(key: "identity") var identity: Data?
    // relationships
    @Children(for: \.$persona) var images: [PersonaImage]

    init() {}
    init(
        id: UUID? = nil, userID: String, name: String, description: String, status: Status, stage: Stage,
        metadata: PersonaMetadata
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.description = description
        self.status = status
        self.stage = stage
        self.metadata = metadata
    }

    /// Both words at once: they change together.
    func move(to status: Status, _ stage: Stage) {
        self.status = status
        self.stage = stage
    }
}
