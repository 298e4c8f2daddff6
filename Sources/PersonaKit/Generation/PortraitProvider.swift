import Faces

/// One reference photo given to a provider: where its bytes are, and its face as the analysis
/// measured it (original-photo pixels), so a renderer can frame it without detecting again.
public struct ReferencePhoto: Sendable, Codable, Equatable {
    /// Opaque to PersonaKit: a storage key the service's `ReferenceLoader` understands.
    public let location: String
    public let face: FaceBox
    public let landmarks: FaceLandmarks
    public let pose: HeadPose

    public init(location: String, face: FaceBox, landmarks: FaceLandmarks, pose: HeadPose) {
        self.location = location
        self.face = face
        self.landmarks = landmarks
        self.pose = pose
    }
}

/// Everything a provider needs to make one portrait. Stored with the job (JSON), so a restarted
/// server can resume a request without the original upload.
public struct PortraitRequest: Sendable, Codable, Equatable {
    public let scenario: PortraitScenario
    /// 2–4 references chosen for this scenario, best first.
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

    public init(bytes: [UInt8], contentType: String, width: Int, height: Int) {
        self.bytes = bytes
        self.contentType = contentType
        self.width = width
        self.height = height
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
