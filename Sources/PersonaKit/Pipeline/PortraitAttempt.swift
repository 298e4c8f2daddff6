/// A new attempt at a scenario to create and schedule: a retry of a rejected picture or a
/// regeneration a person asked for. The service saves it as a queued job with its current provider.
public struct PortraitAttempt: Sendable, Equatable {
    public let scenarioIndex: Int
    public let attempt: Int
    public let retriesLeft: Int
    /// The same scenario and references as the attempt it follows, with a seed (and, for a
    /// regeneration, an instruction) of its own.
    public let request: PortraitRequest

    public init(scenarioIndex: Int, attempt: Int, retriesLeft: Int, request: PortraitRequest) {
        self.scenarioIndex = scenarioIndex
        self.attempt = attempt
        self.retriesLeft = retriesLeft
        self.request = request
    }
}
