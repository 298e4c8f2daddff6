import Faces
import Fluent
import Vapor

/// The seed's `personas` row.
final class Persona: Model, @unchecked Sendable {
    static let schema = "personas"

    /// The seed's lifecycle, exactly its words (a CHECK constraint holds the column to them):
    /// a draft whose photos arrive, then `analyzing` while its photos are analysed and its
    /// portraits made, then `ready` (every portrait finished, some perhaps needing review: the
    /// portraits say so) or `failed` (none could be made).
    enum Status: String, Codable, Sendable, CaseIterable {
        case pendingUpload = "pending_upload"
        case analyzing, ready, failed
    }

    /// Finer progress than the seed's status, ours: what `analyzing` is doing now.
    enum Stage: String, Codable, Sendable, CaseIterable {
        /// A draft: photos arriving, each analysed as it comes (`pending_upload`).
        case uploading
        /// The five portraits being made and verified for the first time (`analyzing`).
        case generating
        /// A finished persona making one portrait again, at the person's request (`analyzing`).
        case regenerating
        /// Every portrait finished (`ready`).
        case done
        /// No portrait could be made (`failed`).
        case failed
    }

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
