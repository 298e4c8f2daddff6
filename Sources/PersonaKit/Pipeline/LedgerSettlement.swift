import Foundation

/// A decision about a job's pending ledger lines: which become billed or not billed. Lines
/// already settled never change again.
public struct LedgerSettlement: Sendable, Equatable {
    public let jobID: UUID
    /// Only this submission's line; nil for every pending line of the job.
    public let requestID: String?
    public let outcome: LedgerOutcome

    public init(jobID: UUID, requestID: String? = nil, outcome: LedgerOutcome) {
        self.jobID = jobID
        self.requestID = requestID
        self.outcome = outcome
    }

    /// Whether `line` is one this settlement changes (the service's query says the same).
    public func settles(_ line: LedgerLine) -> Bool {
        line.jobID == jobID && line.outcome == .pending && (requestID == nil || line.requestID == requestID)
    }

    /// `lines` after the settlement.
    public func apply(to lines: [LedgerLine]) -> [LedgerLine] {
        lines.map { line in
            guard settles(line) else { return line }
            var settled = line
            settled.outcome = outcome
            return settled
        }
    }
}
