import Foundation

/// What the pipeline's rules need to know of one portrait job's row (`GenerationJob`) and the
/// measured distance of its portrait. Its request is not part of it: a job whose request does not
/// decode must still fail, and still count when its persona finishes; rules that need the request
/// take it beside the snapshot.
public struct PortraitJobSnapshot: Sendable, Equatable {
    public var id: UUID
    /// Position in the persona's portrait list (`PortraitScenario.index`).
    public var scenarioIndex: Int
    /// 1 for the first attempt; each retry or regeneration adds one.
    public var attempt: Int
    /// Automatic retries left for this scenario.
    public var retriesLeft: Int
    public var state: PortraitJobState
    /// The provider's id of the submission this job waits for.
    public var requestID: String?
    /// When a submission began; with no `requestID`, the provider may hold one whose id was lost.
    public var submitStartedAt: Date?
    /// The stored portrait of this attempt, when one was made (and its image row still exists).
    public var portraitImageID: UUID?
    /// That portrait's distance to the identity centroid; nil without a portrait or a face.
    public var identityDistance: Double?
    /// Breaks ties between two jobs of the same attempt: the newer stands.
    public var createdAt: Date?

    public init(
        id: UUID, scenarioIndex: Int, attempt: Int, retriesLeft: Int, state: PortraitJobState = .queued,
        requestID: String? = nil, submitStartedAt: Date? = nil, portraitImageID: UUID? = nil,
        identityDistance: Double? = nil, createdAt: Date? = nil
    ) {
        self.id = id
        self.scenarioIndex = scenarioIndex
        self.attempt = attempt
        self.retriesLeft = retriesLeft
        self.state = state
        self.requestID = requestID
        self.submitStartedAt = submitStartedAt
        self.portraitImageID = portraitImageID
        self.identityDistance = identityDistance
        self.createdAt = createdAt
    }
}
