import Faces
import Foundation
import Imaging

/// One photo's own analysis, in a form that can be stored and read back by any process: what a
/// set's verdict needs (faces, quality, the photo's own issues, the descriptor and fingerprint for
/// other-person and duplicate checks), and nothing about the set. A draft persona keeps one per
/// photo so each added photo is analysed once, and the set is judged again from these alone.
///
/// Holds the face descriptor: biometric, stored server-side only, deleted when the draft is built
/// or removed, never sent to clients.
public struct StoredPhotoAnalysis: Codable, Sendable, Equatable {
    public var file: String
    public var width: Int
    public var height: Int
    public var faceCount: Int
    public var face: FaceBox?
    public var landmarks: FaceLandmarks?
    public var pose: HeadPose?
    /// How open the mouth is (absent from rows stored before it was measured).
    public var expression: FaceExpression?
    /// The face's light against the room behind it (absent from rows stored before it was measured).
    public var backlight: FaceBacklight?
    public var quality: QualityScores
    /// The photo's own issues only: `duplicate`, `different_person`, `uncertain_identity` and
    /// `mirrored_copy` belong to the set.
    public var issues: [PhotoIssue]
    public var embedding: [Float]?
    /// SFace's descriptor, when the analysing process had it (absent from older rows).
    public var secondOpinion: [Float]?
    public var fingerprint: [UInt64]?
    /// The face's own fingerprint (absent from rows stored before it was taken).
    public var faceFingerprint: [UInt64]?
    /// SHA-256 of the uploaded bytes, hex: byte-identical files are duplicates across processes
    /// (`PhotoAnalysis.contentHash` is seeded per process and cannot be stored).
    public var contentDigest: String

    public init(_ analysis: PhotoAnalysis, contentDigest: String) {
        file = analysis.file
        width = analysis.width
        height = analysis.height
        faceCount = analysis.faceCount
        face = analysis.face
        landmarks = analysis.landmarks
        pose = analysis.pose
        expression = analysis.expression
        backlight = analysis.backlight
        quality = analysis.quality
        issues = analysis.issues.filter { !Self.setIssues.contains($0.code) }
        embedding = analysis.embedding?.values
        secondOpinion = analysis.secondOpinion?.values
        fingerprint = analysis.fingerprint?.bits
        faceFingerprint = analysis.faceFingerprint?.bits
        self.contentDigest = contentDigest
    }

    static let setIssues: Set<IssueCode> = [.duplicate, .differentPerson, .uncertainIdentity, .mirroredCopy]

    /// The analysis again, ready for `SetAnalyzer`, under `name` when given (names tell photos apart
    /// in the set's findings).
    public func analysis(named name: String? = nil) -> PhotoAnalysis {
        var photo = PhotoAnalysis(file: name ?? file)
        photo.width = width
        photo.height = height
        photo.faceCount = faceCount
        photo.face = face
        photo.landmarks = landmarks
        photo.pose = pose
        photo.expression = expression
        photo.backlight = backlight
        photo.quality = quality
        photo.issues = issues
        photo.embedding = embedding.flatMap { $0.count == 128 ? FaceEmbedding(values: $0) : nil }
        photo.secondOpinion = secondOpinion.flatMap { $0.count == SFaceEmbedding.count ? SFaceEmbedding(raw: $0) : nil }
        photo.fingerprint = fingerprint.flatMap { $0.count == 4 ? NearDuplicateFingerprint(bits: $0) : nil }
        photo.faceFingerprint = faceFingerprint.flatMap { $0.count == 4 ? NearDuplicateFingerprint(bits: $0) : nil }
        // Stable across processes: the digest's first 8 bytes.
        photo.contentHash = Int(truncatingIfNeeded: UInt64(contentDigest.prefix(16), radix: 16) ?? 0)
        return photo
    }
}
