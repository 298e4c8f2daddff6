import Faces
import Fluent
import Vapor

/// The seed's `personas` row.
final class Persona: Model, @unchecked Sendable {
    static let schema = "personas"

    enum Status: String, Codable, Sendable {
        case pendingUpload = "pending_upload"
        case analyzing, generating, ready, failed
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
    @Field(key: "metadata") var metadata: PersonaMetadata
    /// The identity centroid (128 floats, little-endian). Biometric: kept only here, deleted with
    /// the persona, never sent to clients or logs.
    @OptionalField(key: "identity") var identity: Data?
    // relationships
    @Children(for: \.$persona) var images: [PersonaImage]

    init() {}
    init(id: UUID? = nil, userID: String, name: String, description: String, status: Status, metadata: PersonaMetadata)
    {
        self.id = id
        self.userID = userID
        self.name = name
        self.description = description
        self.status = status
        self.metadata = metadata
    }
}

/// The seed's `PersonaMetadata`, extended (never renamed).
struct PersonaMetadata: Codable, Sendable, Equatable {
    // seed
    var photoCount: Int
    var photoUrls: [String]
    var referencePhotoUrls: [String]
    var portraitUrls: [String]
    var analysisQuality: String
    /// From the measured identity distances of the portraits (see README); the photos' own
    /// consistency until portraits exist.
    var consistencyScore: Double
    // ours
    var photoConsistencyScore: Double?
    var usablePhotos: Int?
    var provider: String?
    var error: String?
}

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

struct PersonaImageMetadata: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        case userUpload = "user_upload"
        case referencePortrait = "reference_portrait"
    }

    var type: Kind
    var storageKey: String
    var contentType: String
    var width: Int
    var height: Int
    // uploads
    var fileName: String?
    var quality: PhotoQuality?
    var issues: [PhotoIssueBody]?
    var isReference: Bool?
    /// Face geometry in this stored image's pixels, for the providers.
    var reference: ReferenceGeometry?
    // portraits
    var scenarioIndex: Int?
    var scenario: String?
    var attempt: Int?
    var state: String?
    var identityDistance: Double?
    var jobID: UUID?
}

struct PhotoQuality: Codable, Sendable, Equatable { var lighting, clarity, angle, overall: Double }
struct PhotoIssueBody: Codable, Sendable, Equatable {
    var code: String
    var message: String
}

/// A photo's face as the analysis measured it, in the stored image's pixels.
struct ReferenceGeometry: Codable, Sendable, Equatable {
    var face: FaceBox
    var landmarks: FaceLandmarks
    var pose: HeadPose
}
