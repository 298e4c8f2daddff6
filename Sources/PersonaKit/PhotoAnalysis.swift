import Faces
import Imaging

/// Time spent in each stage for one photo, in seconds (for `make bench`).
public struct StageTimings: Sendable, Equatable {
    public var decode = 0.0, detect = 0.0, landmarks = 0.0, embed = 0.0, measure = 0.0
    /// SFace's descriptor, when the analyzer has the second model.
    public var secondOpinion = 0.0
    public init() {}

    public static func + (a: StageTimings, b: StageTimings) -> StageTimings {
        var sum = StageTimings()
        sum.decode = a.decode + b.decode
        sum.detect = a.detect + b.detect
        sum.landmarks = a.landmarks + b.landmarks
        sum.embed = a.embed + b.embed
        sum.measure = a.measure + b.measure
        sum.secondOpinion = a.secondOpinion + b.secondOpinion
        return sum
    }
}

/// What one photo shows, on its own. Set-level findings (different person, duplicate) are added
/// by `SetAnalyzer`.
public struct PhotoAnalysis: Sendable {
    public let file: String
    public var error: PhotoError?
    /// Upright size of the original photo.
    public var width = 0, height = 0
    public var format: ImageFormat?
    public var faceCount = 0
    /// The main (largest) face, its landmarks and pose, in original-photo pixels.
    public var face: FaceBox?
    public var landmarks: FaceLandmarks?
    public var pose: HeadPose?
    public var lighting: FaceLighting?
    /// How open the mouth is (a smile with teeth, speech): what the dynamic portrait wants.
    public var expression: FaceExpression?
    /// The face's light against the room behind it (`FaceBacklight`): what the casting weighs.
    public var backlight: FaceBacklight?
    public var laplacianVariance: Double?
    public var quality = QualityScores.zero
    public var issues: [PhotoIssue] = []
    /// Identity descriptor of the main face: biometric, never printed.
    public var embedding: FaceEmbedding?
    /// The second opinion's descriptor of the same face (SFace), when the analyzer has that model:
    /// biometric too.
    public var secondOpinion: SFaceEmbedding?
    public var fingerprint: NearDuplicateFingerprint?
    /// The same hash of the face and its outline, sampled in the frame the eyes set
    /// (`NearDuplicateFingerprint.init(face:landmarks:)`): a copy cropped or turned so far that
    /// the wide chip loses its shoulders keeps it. Nil without a face, or when the face's frame
    /// lies largely outside the photo.
    public var faceFingerprint: NearDuplicateFingerprint?
    /// Hash of the file's bytes, for exact duplicates within one run.
    public var contentHash: Int?
    public var duplicateOf: String?
    public var timings = StageTimings()

    public init(file: String) { self.file = file }

    public var ok: Bool { error == nil }
    public func has(_ code: IssueCode) -> Bool { issues.contains { $0.code == code } }
    /// A usable photo can serve as a reference: readable, one clear face, and no issue at all.
    public var isUsable: Bool { ok && embedding != nil && issues.isEmpty }
    /// Usable but for soft issues (`uncertain_identity`, `mirrored_copy`): used only when a set
    /// has too few others.
    public var isUsableIfNeeded: Bool {
        ok && embedding != nil && !issues.isEmpty && issues.allSatisfy(\.code.isSoft)
    }

    mutating func add(_ issue: PhotoIssue) {
        if !has(issue.code) { issues.append(issue) }
    }
}
