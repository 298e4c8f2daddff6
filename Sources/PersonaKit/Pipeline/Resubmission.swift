/// What to do when the provider says a job's request cannot have been billed or cannot finish,
/// and a new submission may work.
public enum Resubmission: Sendable, Equatable {
    /// Settle the abandoned submission's line as not billed, then submit again: a new charge, with
    /// a line of its own.
    case submitAgain(settle: LedgerSettlement)
    /// The job has been submitted as often as allowed: it fails with this error.
    case giveUp(ProviderError)
}
