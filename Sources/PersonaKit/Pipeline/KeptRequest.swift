import Foundation

/// An earlier attempt's request, still pending at the provider, that a new attempt adopts instead
/// of paying again: the job takes its id (and becomes `submitted`), and its ledger line moves to
/// the job, in one transaction.
public struct KeptRequest: Sendable, Equatable {
    public let requestID: String
    /// The earlier job, whose pending line for `requestID` moves to the adopting job.
    public let fromJobID: UUID
    /// Its attempt, for the log.
    public let fromAttempt: Int

    public init(requestID: String, fromJobID: UUID, fromAttempt: Int) {
        self.requestID = requestID
        self.fromJobID = fromJobID
        self.fromAttempt = fromAttempt
    }
}
