extension PersonaEvent {
    /// The wire names, in the order the page's `EVENT_TYPES` lists them. Known also for `.other`
    /// events of an older shape, so a consumer that only needs the name never misses one.
    public enum Kind: String, Sendable, CaseIterable {
        case analysisDone = "analysis_done"
        case portraitStarted = "portrait_started"
        case portraitReady = "portrait_ready"
        case portraitVerified = "portrait_verified"
        case portraitRetrying = "portrait_retrying"
        case portraitNeedsReview = "portrait_needs_review"
        case portraitFailed = "portrait_failed"
        case portraitRegenerating = "portrait_regenerating"
        case personaReady = "persona_ready"
        case personaFailed = "persona_failed"

        /// The persona is finished: a stream ends after it (a regeneration starts a new one).
        public var isTerminal: Bool { self == .personaReady || self == .personaFailed }

        /// An attempt's end that leaves the portrait as it will stay (the CLI counts these):
        /// a rejection that is retried is not one.
        public var finishesPortrait: Bool {
            self == .portraitVerified || self == .portraitNeedsReview || self == .portraitFailed
        }
    }

    /// The event's wire name: SSE's `event:` line and `persona_events.type`.
    public var type: String {
        switch self {
        case .analysisDone: Kind.analysisDone.rawValue
        case .portraitStarted: Kind.portraitStarted.rawValue
        case .portraitReady: Kind.portraitReady.rawValue
        case .portraitVerified: Kind.portraitVerified.rawValue
        case .portraitRetrying: Kind.portraitRetrying.rawValue
        case .portraitNeedsReview: Kind.portraitNeedsReview.rawValue
        case .portraitFailed: Kind.portraitFailed.rawValue
        case .portraitRegenerating: Kind.portraitRegenerating.rawValue
        case .personaReady: Kind.personaReady.rawValue
        case .personaFailed: Kind.personaFailed.rawValue
        case .other(let type, _): type
        }
    }

    /// Nil only for a name this build does not know.
    public var kind: Kind? { Kind(rawValue: type) }
}
