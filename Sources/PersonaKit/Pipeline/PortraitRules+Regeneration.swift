extension PortraitRules {
    /// A person asks for the scenario of `latest` (its latest job, whose request is `request`) again,
    /// with an optional refinement, already trimmed and checked for length by the caller. Nil while that job is
    /// unfinished: the portrait is still being made. The new attempt gets its own retry, and a seed
    /// mixed with the latest attempt's number, so never the one an automatic retry of it would get.
    public static func regeneration(
        latest: PortraitJobSnapshot, request: PortraitRequest, instruction: String?, personaStatus: PersonaStatus
    ) -> PortraitRegeneration? {
        guard latest.state.isFinished else { return nil }
        let attempt = PortraitAttempt(
            scenarioIndex: latest.scenarioIndex, attempt: latest.attempt + 1, retriesLeft: automaticRetries,
            request: PortraitRequest(
                scenario: request.scenario, references: request.references,
                seed: nextSeed(after: request.seed ^ UInt64(latest.attempt)),
                instruction: instruction?.isEmpty == false ? instruction : nil))
        // The event repeats the instruction as sent: an empty one is "" there, and none in the request.
        return PortraitRegeneration(
            attempt: attempt, status: .analyzing, stage: personaStatus == .pendingUpload ? .generating : .regenerating,
            event: .portraitRegenerating(
                .init(index: latest.scenarioIndex, attempt: attempt.attempt, instruction: instruction)))
    }
}
