/// A person asked for a finished portrait again: the new attempt, the persona's words while it is
/// made, and the event that says so.
public struct PortraitRegeneration: Sendable, Equatable {
    public let attempt: PortraitAttempt
    /// Always `analyzing`.
    public let status: PersonaStatus
    /// `regenerating`, or `generating` for a draft that never finished a first time.
    public let stage: PersonaStage
    public let event: PersonaEvent

    public init(attempt: PortraitAttempt, status: PersonaStatus, stage: PersonaStage, event: PersonaEvent) {
        self.attempt = attempt
        self.status = status
        self.stage = stage
        self.event = event
    }
}
