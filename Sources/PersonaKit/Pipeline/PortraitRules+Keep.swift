extension PortraitRules {
    /// Showing an earlier attempt's picture again, or nil while the scenario's latest attempt is
    /// still being made (its verdict would replace the choice a moment later). `wasVerified` is the
    /// kept picture's own verdict, as stored; `verification` its measured distances.
    public static func keep(
        latest: PortraitJobSnapshot, scenario: String, wasVerified: Bool, verification: PortraitVerification,
        delivery: PortraitDelivery
    ) -> PortraitKeep? {
        guard latest.state.isFinished else { return nil }
        let attempt = latest.attempt + 1
        let measurement = PersonaEvent.PortraitMeasurement(
            index: latest.scenarioIndex, scenario: scenario, attempt: attempt, url: delivery.url,
            faceFound: verification.faceFound, identityDistance: verification.distance,
            secondOpinionDistance: verification.secondOpinionDistance, likeness: verification.likeness,
            madeBy: delivery.madeBy)
        if wasVerified {
            return PortraitKeep(attempt: attempt, state: .verified, event: .portraitVerified(measurement))
        }
        return PortraitKeep(
            attempt: attempt, state: .needsReview,
            event: .portraitNeedsReview(.init(measurement, reason: verification.reason ?? "weak_likeness")))
    }
}
