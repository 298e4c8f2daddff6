import Foundation

/// The persona's rules: which job stands for each scenario, and when and how the persona finishes.
public enum PersonaRules {
    /// The persona's error when every scenario finished without a portrait.
    public static let noPortraitError = "No portrait could be generated."

    /// The most recent job of each scenario (highest attempt, then newest), by scenario index:
    /// earlier attempts are history, the latest one is the portrait shown.
    public static func latestJobs<Job: ScenarioAttempt>(_ jobs: [Job]) -> [Job] {
        Dictionary(grouping: jobs, by: \.scenarioIndex)
            .sorted { $0.key < $1.key }
            .compactMap {
                $0.value.max { ($0.attempt, $0.createdAt ?? .distantPast) < ($1.attempt, $1.createdAt ?? .distantPast) }
            }
    }

    /// How the persona ends, or nil when it does not end now: some scenario has no job yet or its
    /// latest job is unfinished (a retry or regeneration under way), or the persona is not
    /// `analyzing` (it already ended; two last portraits must not both end it). A latest job's
    /// portrait counts only when its image row exists: pass `portraitImageID` nil otherwise.
    public static func outcome(
        latestJobs: [PortraitJobSnapshot], scenarioCount: Int, status: PersonaStatus
    ) -> PersonaOutcome? {
        guard latestJobs.count == scenarioCount, latestJobs.allSatisfy(\.state.isFinished), status == .analyzing
        else { return nil }
        let portraits = latestJobs.compactMap(\.portraitImageID)
        let consistency = IdentityVerifier.consistencyScore(
            distances: latestJobs.map { $0.portraitImageID == nil ? nil : $0.identityDistance })
        guard !portraits.isEmpty else {
            return PersonaOutcome(
                status: .failed, stage: .failed, portraitImageIDs: [], consistencyScore: consistency,
                error: noPortraitError)
        }
        return PersonaOutcome(
            status: .ready, stage: .done, portraitImageIDs: portraits, consistencyScore: consistency, error: nil)
    }
}
