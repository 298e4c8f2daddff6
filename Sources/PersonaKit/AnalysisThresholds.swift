import Faces

/// Every bar the analysis applies, in one place so docs/analysis.md can document it and tests can
/// refer to it. Values were calibrated on ../shared/testdata/faces and degradations of them.
public struct AnalysisThresholds: Sendable {
    /// dlib's documented same-person bar (Euclidean distance between two photos' descriptors):
    /// how photos are grouped by person, and `inflio compare`'s bar.
    public var samePersonDistance = FaceEmbedding.samePersonThreshold
    /// Bars for the distance of a face to a persona's identity centroid (the mean of its usable
    /// photos' descriptors), which is smaller for the same person than a pairwise distance and
    /// about as large for others. Measured on a labelled set of 61 photos of 13 people (issue 19,
    /// leave-one-out centroids): genuine photos at 0.20–0.47 from their own centroid (median 0.30),
    /// other people at 0.50 and up (median 0.86). Below `centroidSamePerson` a face is the person;
    /// from `centroidDifferentPerson` someone else; between, uncertain (asked about).
    public var centroidSamePerson = 0.45
    public var centroidDifferentPerson = 0.55
    /// A portrait's likeness grade by centroid distance: strong below this, acceptable below
    /// `centroidSamePerson`, weak below `centroidDifferentPerson`, off beyond.
    public var strongLikeness = 0.35
    /// The second opinion's bar (SFace, cosine distance to the set's SFace centroid): closer, SFace
    /// says the face is the person; from here, it says someone else. A face is the person only when
    /// both models say so; when they disagree it is uncertain (docs/analysis.md#sface-a-second-opinion).
    /// SFace's pairwise bar, 0.53, shrunk as a centroid shrinks distances: the mean of five unit
    /// descriptors 0.35 apart has length ≈ 0.85, which moves a stranger at 0.53 from each photo to
    /// about 0.45 from their centroid. Not calibrated on labelled centroids (the measured set had
    /// pairs); on the shared photos, people's own photos and portraits lie at 0.07–0.20 from their
    /// SFace centroid, other people at 0.75 and beyond.
    public var secondOpinionCentroidBar = 0.45
    /// A second face counts as "another person in the photo" when it is at least this share of the
    /// main face's area; smaller faces are background passers-by.
    public var secondFaceAreaShare = 0.25
    /// Face narrower than this many original pixels, or than this share of the photo's shorter side.
    public var minFaceWidthPixels = 80.0
    public var minFaceShare = 0.10
    /// Face box sticking out of the frame by more than this share of its width.
    public var maxFaceOverflow = 0.06
    /// Face luminance (0–255) below / above which the photo is too dark / too bright, and the share
    /// of crushed (< 30) or blown (> 245) face pixels that is too much.
    public var darkMean = 65.0
    public var brightMean = 205.0
    public var maxCrushedShare = 0.45
    public var maxBlownShare = 0.30
    /// Variance of the Laplacian on the 128-px aligned face chip below which a photo is blurry.
    public var blurryVariance = 28.0
    /// Head turned or tilted beyond these many degrees.
    public var extremeYaw = 40.0
    public var extremeRoll = 25.0
    /// Fingerprints within this many bits (of 256) are the same picture.
    public var nearDuplicateBits = 40
    /// Face fingerprints within this many bits (of 256) are the same picture (`duplicate`), and
    /// within it once mirrored a mirror image (`mirrored_copy`). On the shared photos, copies
    /// cropped, turned 6°, brightened, mirrored, or mirrored, desaturated and cropped were at
    /// most 28 bits from their original (mirrored, for the mirror images); two different photos
    /// of one person at least 83, of two people 78 (`CopiedPhotoTests`).
    public var nearDuplicateFaceBits = 48
    public var minimumUsablePhotos = 5
    public var referenceCount = 6

    public init() {}
    public static let standard = AnalysisThresholds()
}
