/// Where one portrait attempt stands, in the words `generation_jobs.state` stores (App's
/// `GenerationJob.State` can become a typealias of this).
public enum PortraitJobState: String, Codable, Sendable, CaseIterable {
    /// Not yet submitted.
    case queued
    /// Submitted; the job holds the provider's request id.
    case submitted
    /// Portrait stored and verified as the person.
    case verified
    /// Portrait stored but not verified after the automatic retry: a person should look.
    case needsReview = "needs_review"
    /// Replaced by a retry with a new seed.
    case retried
    /// The provider failed for good.
    case failed
    /// The persona was deleted or the job cancelled. No code sets it today; it counts as finished.
    case cancelled

    /// Finished jobs are never run again; a persona is finished when the latest job of every
    /// scenario is.
    public var isFinished: Bool { self != .queued && self != .submitted }
}
