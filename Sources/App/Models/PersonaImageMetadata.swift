import Faces
import Foundation

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
    /// The page's own name for a draft upload (`uploadToken`), so it can tell its photo from
    /// another tab's of the same file name.
    var uploadToken: String?
    /// The upload's size in bytes, as the person's file had it (`fileSize` in the API); the row's
    /// `file_size` is the stored copy's. Nil for photos stored before it was kept.
    var uploadedSize: Int?
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
    /// SFace's cosine distance to the persona's SFace centroid, when both models were asked.
    var secondOpinionDistance: Double?
    /// The middle of the portrait's face, as shares of its width and height (`PortraitVerification`).
    var faceCentre: Point?
    var jobID: UUID?
    /// The upload (its storage key) whose face the portrait shows, when the provider composed one
    /// photo (the offline studio); nil for a generative model's.
    var sourceKey: String?
}
