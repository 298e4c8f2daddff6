/// The portrait job's rules: from a job and what happened to it, its next state, the events that
/// say so and the attempt to make next. Pure, so every transition is tested without a server; the
/// service keeps saving, claiming and scheduling.
public enum PortraitRules {
    /// Automatic retries a scenario's first attempt (and a regeneration) gets: a rejected picture
    /// is made once more with a new seed, then left for a person to review.
    public static let automaticRetries = 1

    /// A new seed for a retry, derived so reruns of the same history are reproducible.
    public static func nextSeed(after seed: UInt64) -> UInt64 {
        seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    }

    /// Published once per submission: when its ledger line is first written, or when a kept
    /// request of an earlier attempt is adopted.
    public static func started(_ job: PortraitJobSnapshot, _ request: PortraitRequest) -> PersonaEvent {
        .portraitStarted(.init(index: job.scenarioIndex, scenario: request.scenario.id, attempt: job.attempt))
    }

    /// The verdict on the job's stored picture: verified when the face is the person; otherwise
    /// retried with a new seed while a retry is left, else needs review. Every picture is announced
    /// as ready first, with the same measurement its verdict repeats.
    public static func verdict(
        job: PortraitJobSnapshot, request: PortraitRequest, verification: PortraitVerification,
        delivery: PortraitDelivery
    ) -> PortraitOutcome {
        let measurement = PersonaEvent.PortraitMeasurement(
            index: job.scenarioIndex, scenario: request.scenario.id, attempt: job.attempt, url: delivery.url,
            faceFound: verification.faceFound, identityDistance: verification.distance,
            secondOpinionDistance: verification.secondOpinionDistance, likeness: verification.likeness,
            madeBy: delivery.madeBy)
        let ready = PersonaEvent.portraitReady(measurement)
        let rejection = PersonaEvent.PortraitRejection(measurement, reason: verification.reason)
        if verification.verified {
            return PortraitOutcome(
                state: .verified, imageState: PortraitJobState.verified.rawValue,
                events: [ready, .portraitVerified(measurement)], retry: nil)
        }
        guard job.retriesLeft > 0 else {
            return PortraitOutcome(
                state: .needsReview, imageState: PortraitJobState.needsReview.rawValue,
                events: [ready, .portraitNeedsReview(rejection)], retry: nil)
        }
        let retry = PortraitAttempt(
            scenarioIndex: job.scenarioIndex, attempt: job.attempt + 1, retriesLeft: job.retriesLeft - 1,
            request: PortraitRequest(
                scenario: request.scenario, references: request.references, seed: nextSeed(after: request.seed),
                instruction: request.instruction))
        return PortraitOutcome(
            state: .retried, imageState: "rejected", events: [ready, .portraitRetrying(rejection)], retry: retry)
    }
}
