/// The verdict on a stored, measured portrait: what the job becomes, what its picture is called,
/// what is published, and the retry to create. Saved and published under one permit (the one that
/// finishes personas), so no reader sees the job finished before its events, or retried without
/// its retry.
public struct PortraitOutcome: Sendable, Equatable {
    /// `verified`, `retried` or `needsReview`.
    public let state: PortraitJobState
    /// The picture's `PersonaImageMetadata.state`: the job's word, but a retried job's picture is
    /// `rejected` (it stays in the history; the retry makes the next one).
    public let imageState: String
    /// In order: `portrait_ready`, then `portrait_verified`, `portrait_retrying` or `portrait_needs_review`.
    public let events: [PersonaEvent]
    /// For a rejected picture with a retry left; the persona cannot be finished until it is.
    public let retry: PortraitAttempt?

    public init(state: PortraitJobState, imageState: String, events: [PersonaEvent], retry: PortraitAttempt?) {
        self.state = state
        self.imageState = imageState
        self.events = events
        self.retry = retry
    }
}
