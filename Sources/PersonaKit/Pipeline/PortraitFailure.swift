/// A portrait attempt that ended in an error: the job fails (keeping its request id, which a
/// retry asks about before paying again), one event says so, and its ledger line is settled as
/// not billed, unless the request may still finish and be billed.
public struct PortraitFailure: Sendable, Equatable {
    /// Always `failed`.
    public let state: PortraitJobState
    /// Stored as the job's error and sent in the event.
    public let error: String
    public let event: PersonaEvent
    /// Nil when the line must stay pending (a request still running at the deadline).
    public let settlement: LedgerSettlement?

    public init(state: PortraitJobState, error: String, event: PersonaEvent, settlement: LedgerSettlement?) {
        self.state = state
        self.error = error
        self.event = event
        self.settlement = settlement
    }
}
