extension PortraitRules {
    /// The job failed with `error` (the service's description of what was thrown). A request left
    /// running at the deadline (`mayStillBeBilled`) may still finish and be billed: its ledger line
    /// stays pending, and its id stays on the job for a retry to ask about.
    public static func failure(job: PortraitJobSnapshot, error: String, mayStillBeBilled: Bool) -> PortraitFailure {
        PortraitFailure(
            state: .failed, error: error,
            event: .portraitFailed(.init(index: job.scenarioIndex, attempt: job.attempt, error: error)),
            settlement: LedgerRules.failed(jobID: job.id, mayStillBeBilled: mayStillBeBilled))
    }
}
