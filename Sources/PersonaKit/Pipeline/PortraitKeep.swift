/// A person chose an earlier attempt's picture to show again: the job that records the choice (it
/// makes nothing and costs nothing) and the event that tells the page.
public struct PortraitKeep: Sendable, Equatable {
    /// The recording job's attempt: after the latest, so every rule that reads "the latest job of
    /// a scenario" (the page, the persona's portraits and consistency, designs) sees the choice.
    public let attempt: Int
    /// `verified` when the kept picture was verified, else `needs_review`: choosing a picture does
    /// not make it look more like the person.
    public let state: PortraitJobState
    public let event: PersonaEvent

    public init(attempt: Int, state: PortraitJobState, event: PersonaEvent) {
        self.attempt = attempt
        self.state = state
        self.event = event
    }
}
