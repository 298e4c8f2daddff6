/// What a persona's progress stream says, one case per event the service publishes. The SSE
/// stream, the stored history (`persona_events`), the CLI's progress and the page's reducer
/// (Public/js/persona-events.js, which mirrors `Kind`) all speak these; each payload encodes to
/// exactly the JSON object the service wrote before the enum existed, so no client sees a change.
public enum PersonaEvent: Sendable, Equatable {
    /// `analysis_done`: the photos are analysed and the portraits queued.
    case analysisDone(AnalysisDone)
    /// `portrait_started`: a submission of one attempt is under way (once per submission).
    case portraitStarted(PortraitStarted)
    /// `portrait_ready`: an attempt's picture is stored and measured; its verdict follows.
    case portraitReady(PortraitMeasurement)
    /// `portrait_verified`: the picture is the person.
    case portraitVerified(PortraitMeasurement)
    /// `portrait_retrying`: the picture is rejected and attempt + 1 is queued.
    case portraitRetrying(PortraitRejection)
    /// `portrait_needs_review`: rejected with no retry left; a person should look.
    case portraitNeedsReview(PortraitRejection)
    /// `portrait_failed`: the provider failed for good.
    case portraitFailed(PortraitFailed)
    /// `portrait_regenerating`: a person asked for a portrait again.
    case portraitRegenerating(PortraitRegenerating)
    /// `persona_ready`: every portrait finished, at least one made.
    case personaReady(PersonaFinished)
    /// `persona_failed`: every portrait finished, none made.
    case personaFailed(PersonaFinished)
    /// An event this build cannot type: a name it does not know (a newer server's) or a known name
    /// in another shape (rows stored before a field was added). Carried as it came, so replaying
    /// history never fails and never changes a byte of it.
    case other(type: String, data: JSONValue)
}
