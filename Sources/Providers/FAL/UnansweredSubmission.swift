import FAL

/// A submission sent with a webhook whose answer did not come in time: FAL may have queued it
/// (and will bill it), so it is not sent again here. The caller, which noted before the paid
/// call that a submission began, waits for the webhook to name the request (as after a crash)
/// and submits again only if none comes within its grace period.
public struct UnansweredSubmission: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public var description: String { "FAL did not answer the submission (\(reason)); it may have taken it" }

    /// The submit's failure as this, when it is one (`FALClient.submit` did not send it again
    /// because `resendUnanswered` was off).
    static func from(_ error: any Error, options: FALSubmitOptions) -> UnansweredSubmission? {
        guard !options.resendUnanswered, let error = error as? FALError, error.isUnansweredAttempt else { return nil }
        return UnansweredSubmission(reason: error.description)
    }
}
