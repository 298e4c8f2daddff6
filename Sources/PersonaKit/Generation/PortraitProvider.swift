import Faces
import Foundation

/// One reference photo given to a provider: where its bytes are, and its face as the analysis
/// measured it (original-photo pixels), so a renderer can frame it without detecting again.
public struct ReferencePhoto: Sendable, Codable, Equatable {
    /// Opaque to PersonaKit: a storage key the service's `ReferenceLoader` understands.
    public let location: String
    public let face: FaceBox
    public let landmarks: FaceLandmarks
    public let pose: HeadPose
    /// How open the mouth is, and the photo's upright size: what `ScenarioCasting` weighs. Nil in
    /// requests stored before they were recorded (and then cast as average).
    public let expression: FaceExpression?
    public let photoWidth: Int?
    public let photoHeight: Int?
    /// The face's light against the room behind it (`FaceBacklight`); nil in requests stored
    /// before it was measured (and then not counted as lit from behind).
    public let backlight: FaceBacklight?
    /// Whether the photo is an earlier upload mirrored (`mirrored_copy`; of a mirrored pair, the
    /// analysis flags the later): it flips the parting
    /// and whatever the person wears on one side, so the casting keeps it from the portraits
    /// where that shows most. Nil (not one) in requests stored before it was recorded.
    public let isMirrorImage: Bool?

    public init(
        location: String, face: FaceBox, landmarks: FaceLandmarks, pose: HeadPose, expression: FaceExpression? = nil,
        backlight: FaceBacklight? = nil, photoWidth: Int? = nil, photoHeight: Int? = nil, isMirrorImage: Bool = false
    ) {
        self.location = location
        self.face = face
        self.landmarks = landmarks
        self.pose = pose
        self.expression = expression
        self.backlight = backlight
        self.photoWidth = photoWidth
        self.photoHeight = photoHeight
        self.isMirrorImage = isMirrorImage
    }

    /// The reference an analysis describes, its face in the analysed photo's own pixels, stored
    /// at `location` (the analysed file by default); nil when no face was measured.
    public init?(_ analysis: PhotoAnalysis, location: String? = nil) {
        guard let face = analysis.face, let landmarks = analysis.landmarks, let pose = analysis.pose else { return nil }
        self.init(
            location: location ?? analysis.file, face: face, landmarks: landmarks, pose: pose,
            expression: analysis.expression, backlight: analysis.backlight, photoWidth: analysis.width,
            photoHeight: analysis.height,
            isMirrorImage: analysis.has(.mirroredCopy))
    }

    /// The face's width over the photo's: 0.5 for a close crop, 0.05 for a full-length shot.
    public var faceShare: Double? {
        guard let photoWidth, photoWidth > 0 else { return nil }
        return (face.right - face.left) / Double(photoWidth)
    }

    /// Pixels between the eyes, as if the face were turned to the camera: how much detail the
    /// face has to give a portrait.
    public var resolution: Double {
        let (left, right) = landmarks.eyeCentres
        return left.distance(to: right) / cos(min(abs(pose.yaw), 45) * .pi / 180)
    }

    /// How far the photo reaches below the eyes, in eye distances (`resolution`): the chin is
    /// about 2 below them, the shoulders from about 3. Nil without the photo's size.
    public var roomBelowEyes: Double? {
        guard let photoHeight, resolution > 0 else { return nil }
        let (left, right) = landmarks.eyeCentres
        return (Double(photoHeight) - (left.y + right.y) / 2) / resolution
    }

    /// Whether the photo shows the shoulders, not only the face: one that ends at the chin
    /// framed as anything wider than a close-up leaves a head floating on the backdrop, the
    /// photo's bottom edge in sight. Unknown counts as showing them.
    public var showsShoulders: Bool { (roomBelowEyes ?? .infinity) >= 3 }
}

/// Everything a provider needs to make one portrait. Stored with the job (JSON), so a restarted
/// server can resume a request without the original upload.
public struct PortraitRequest: Sendable, Codable, Equatable {
    public let scenario: PortraitScenario
    /// 2–4 references chosen for this scenario, best first; the first is the one cast for it
    /// (`ScenarioCasting`), whose face the local studio composes.
    public let references: [ReferencePhoto]
    /// Varies the result deterministically; a retry uses a new seed.
    public let seed: UInt64
    /// A person's refinement ("more dramatic lighting"), for regeneration.
    public let instruction: String?

    public init(scenario: PortraitScenario, references: [ReferencePhoto], seed: UInt64, instruction: String? = nil) {
        self.scenario = scenario
        self.references = references
        self.seed = seed
        self.instruction = instruction
    }
}

/// An encoded image a provider produced.
public struct GeneratedImage: Sendable, Equatable {
    public let bytes: [UInt8]
    public let contentType: String
    public let width: Int
    public let height: Int
    /// The reference (its `location`) whose own face the picture shows, when one did: the offline
    /// studio composes one photo; a generative model draws from all the references (nil).
    public let source: String?

    public init(bytes: [UInt8], contentType: String, width: Int, height: Int, source: String? = nil) {
        self.bytes = bytes
        self.contentType = contentType
        self.width = width
        self.height = height
        self.source = source
    }
}

/// A preview while a provider works (streamed partial images).
public struct PartialImage: Sendable {
    public let image: GeneratedImage
    public let progress: Double
    public init(image: GeneratedImage, progress: Double) {
        self.image = image
        self.progress = progress
    }
}

/// What one call costs, for the ledger.
public struct ProviderCharge: Sendable, Codable, Equatable {
    public let model: String
    public let resolution: String
    public let unitPriceUSD: Double
    public let units: Int
    public init(model: String, resolution: String, unitPriceUSD: Double, units: Int = 1) {
        self.model = model
        self.resolution = resolution
        self.unitPriceUSD = unitPriceUSD
        self.units = units
    }
    public var totalUSD: Double { unitPriceUSD * Double(units) }
}

public enum ProviderError: Error, Sendable, Equatable {
    /// The provider refused the request for good (e.g. a content policy); retrying will not help.
    case rejected(code: String, message: String)
    /// Temporary failure (rate limit, outage); the job may try again later.
    case unavailable(String)
    case unknownRequest(String)
    case cancelled
}

/// A portrait generator. Submit-then-resume: `submit` returns the provider's request id, which
/// the caller stores *before* waiting, so a restarted server resumes with `result` instead of
/// paying for a second submission.
public protocol PortraitProvider: Sendable {
    /// Identifies the provider in job rows and the ledger (`local`, `fal`).
    var name: String { get }
    /// What one portrait costs with this provider.
    func charge(for request: PortraitRequest) -> ProviderCharge
    func submit(_ request: PortraitRequest) async throws -> String
    /// `submit`, calling `committing` just before the provider is asked for the paid work (after
    /// any preparation, such as uploads), so the caller can record that from then on a submission
    /// may exist even if it never learns its id. `tag` names the caller's job to a provider that
    /// calls back (FAL's webhook URL carries it), so such a submission can still be claimed.
    func submit(_ request: PortraitRequest, tag: String, committing: @Sendable () async throws -> Void) async throws
        -> String
    /// Whether a submission whose id was lost (a crash right after the provider accepted it) will
    /// make itself known through `tag`: then a restarted server waits for it instead of paying again.
    var reportsLostSubmissions: Bool { get }
    /// Waits for the result of an earlier submission (also one made before a restart).
    /// `partial` receives previews when the provider streams them.
    func result(requestId: String, request: PortraitRequest, partial: (@Sendable (PartialImage) -> Void)?) async throws
        -> GeneratedImage
    func cancel(requestId: String) async throws
}

extension PortraitProvider {
    public func submit(_ request: PortraitRequest, tag: String, committing: @Sendable () async throws -> Void)
        async throws -> String
    {
        try await committing()
        return try await submit(request)
    }

    public var reportsLostSubmissions: Bool { false }
}

/// Fetches a reference photo's bytes from wherever the service stored it.
public typealias ReferenceLoader = @Sendable (ReferencePhoto) async throws -> [UInt8]
