import Foundation

/// What the rules need of one ledger line (`LedgerEntry`): whose submission it is and whether it
/// is billed. Prices stay with the service, which writes them from the provider's charge.
public struct LedgerLine: Sendable, Equatable {
    public var jobID: UUID
    /// The provider's id of the submission; a job has one line per id.
    public var requestID: String?
    public var outcome: LedgerOutcome

    public init(jobID: UUID, requestID: String?, outcome: LedgerOutcome = .pending) {
        self.jobID = jobID
        self.requestID = requestID
        self.outcome = outcome
    }
}
