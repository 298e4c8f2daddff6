import Foundation

/// What a portrait costs: one ledger line per submission, billed when it delivers a picture, not
/// billed when it cannot have been charged or failed for good, left pending while the provider
/// may still bill it.
public enum LedgerRules {
    /// At most this many automatic new submissions per job, each a new charge.
    public static let maxResubmissions = 2

    /// The line for the job's current submission, or nil: before it has a request id, or when
    /// (job, request id) already has its line. Whoever first learns the id writes it (this process
    /// after submitting, a restart, a claim); the database's unique (job_id, request_id) index
    /// settles a race between them, so a nil here and a constraint failure there mean the same.
    public static func charge(jobID: UUID, requestID: String?, recorded: [LedgerLine]) -> LedgerLine? {
        guard let requestID else { return nil }
        guard !recorded.contains(where: { $0.jobID == jobID && $0.requestID == requestID }) else { return nil }
        return LedgerLine(jobID: jobID, requestID: requestID, outcome: .pending)
    }

    /// The provider said `code: message` of the job's request: submit again until the job has made
    /// `maxResubmissions` new submissions (each of its lines is one submission, the first included).
    public static func resubmission(
        jobID: UUID, requestID: String?, recorded: [LedgerLine], code: String, message: String
    ) -> Resubmission {
        let submissions = recorded.filter { $0.jobID == jobID }.count
        guard submissions <= maxResubmissions else {
            return .giveUp(.unavailable("\(code): \(message) (submitted \(submissions) times)"))
        }
        return .submitAgain(settle: LedgerSettlement(jobID: jobID, requestID: requestID, outcome: .failed))
    }

    /// The job's request delivered a picture: its pending lines are billed.
    public static func delivered(jobID: UUID) -> LedgerSettlement {
        LedgerSettlement(jobID: jobID, outcome: .succeeded)
    }

    /// The job failed: its pending lines are not billed, unless its request may still finish and
    /// be billed (then nil: the line stays pending, for a retry to adopt or the provider to settle).
    public static func failed(jobID: UUID, mayStillBeBilled: Bool) -> LedgerSettlement? {
        mayStillBeBilled ? nil : LedgerSettlement(jobID: jobID, outcome: .failed)
    }

    /// A retry that has not begun a submission asks first about the request its previous attempt
    /// (`earlier`: the scenario's highest attempt below it) left running at the deadline (failed,
    /// id kept, line pending), and adopts it when it asks for nothing new (the same instruction).
    /// `earlierRequest` is read only once everything else holds, as the service decodes it.
    public static func keptRequest(
        for job: PortraitJobSnapshot, request: PortraitRequest, earlier: PortraitJobSnapshot?, recorded: [LedgerLine],
        earlierRequest: () throws -> PortraitRequest
    ) rethrows -> KeptRequest? {
        guard job.attempt > 1, job.requestID == nil, job.submitStartedAt == nil, let earlier,
            earlier.scenarioIndex == job.scenarioIndex, earlier.attempt < job.attempt, earlier.state == .failed,
            let requestID = earlier.requestID,
            recorded.contains(where: {
                $0.jobID == earlier.id && $0.requestID == requestID && $0.outcome == .pending
            })
        else { return nil }
        guard try earlierRequest().instruction == request.instruction else { return nil }
        return KeptRequest(requestID: requestID, fromJobID: earlier.id, fromAttempt: earlier.attempt)
    }

    /// A provider reports `requestID` finished for the job (FAL's webhook names it). It is the
    /// job's lost submission (begun, its id never saved) unless the job already knew that request
    /// and gave it up before submitting again.
    public static func isLostSubmission(of job: PortraitJobSnapshot, requestID: String, recorded: [LedgerLine]) -> Bool
    {
        job.state == .queued && job.requestID == nil && job.submitStartedAt != nil
            && !recorded.contains { $0.jobID == job.id && $0.requestID == requestID }
    }
}
