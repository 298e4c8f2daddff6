import Foundation

/// How a persona ends once the latest job of every scenario has finished: `ready` with the
/// portraits that were made (some perhaps needing review: the portraits say so), or `failed` when
/// none was.
public struct PersonaOutcome: Sendable, Equatable {
    public let status: PersonaStatus
    public let stage: PersonaStage
    /// The current portrait of each scenario that has one, in scenario order.
    public let portraitImageIDs: [UUID]
    /// Over every scenario, a portrait without a face or a scenario without a portrait counting 0
    /// (`IdentityVerifier.consistencyScore`). Stored unrounded; the event rounds it.
    public let consistencyScore: Double
    /// The persona's error when no portrait could be made.
    public let error: String?

    public init(
        status: PersonaStatus, stage: PersonaStage, portraitImageIDs: [UUID], consistencyScore: Double,
        error: String?
    ) {
        self.status = status
        self.stage = stage
        self.portraitImageIDs = portraitImageIDs
        self.consistencyScore = consistencyScore
        self.error = error
    }

    /// `persona_ready` or `persona_failed`, with each portrait's link from `portraitURL`.
    public func event(portraitURL: (UUID) -> String) -> PersonaEvent {
        let finished = PersonaEvent.PersonaFinished(
            status: status, stage: stage, consistencyScore: consistencyScore,
            portraits: portraitImageIDs.map(portraitURL))
        return status == .ready ? .personaReady(finished) : .personaFailed(finished)
    }
}
