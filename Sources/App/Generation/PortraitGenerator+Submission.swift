import Faces
import Fluent
import NIOConcurrencyHelpers
import PersonaKit
import Providers
import Vapor

/// Submitting a portrait's request, reading its result, and what a submission costs: the ledger
/// line, a request kept from an earlier attempt, a submission claimed by its webhook after a crash.
extension PortraitGenerator {
    /// Submits the job's request. Saved before waiting: from here a restart resumes this
    /// request, never pays again. Both saves are fenced: a process that lost the job writes nothing
    /// (and, refused before its submission, never submits).
    ///
    /// A submission FAL did not answer (`UnansweredSubmission`) is not paid for again at once:
    /// FAL may have taken it, and its webhook, naming the job, then claims it as after a crash.
    func submit(_ job: GenerationJob, _ request: PortraitRequest, lease: JobLease) async throws {
        let jobID = try job.requireID()
        var unanswered = 0
        while true {
            let requestID: String
            do {
                requestID = try await services.provider.submit(request, tag: jobID.uuidString.lowercased()) {
                    [db, leases] in
                    job.submitStartedAt = Date()
                    try await leases.fenced(lease, on: db) { db in try await job.save(on: db) }
                }
            } catch let error as UnansweredSubmission {
                // Waited for whatever happens next: given up at once, a submission FAL took would
                // be billed with no ledger line (a failed job's webhook claims nothing).
                app.logger.info("portrait job \(jobID): \(error); waiting for its webhook")
                if let claimed = try await awaitClaim(jobID) {
                    // The claim saved the job and its ledger line.
                    job.requestID = claimed
                    job.state = .submitted
                    return
                }
                guard unanswered < 2 else { throw ProviderError.unavailable(error.description) }
                unanswered += 1
                app.logger.warning(
                    "portrait job \(jobID): no word of its unanswered submission within \(services.config.lostSubmissionGrace) s; submitting again"
                )
                continue
            }
            job.requestID = requestID
            job.state = .submitted
            try await leases.fenced(lease, on: db) { db in try await job.save(on: db) }
            return
        }
    }

    /// The provider's image for the job's request. When the provider says the request cannot
    /// have been charged or cannot finish (`SubmissionVerdict.resubmit`), its ledger line is
    /// settled as failed (not billed) and the job is submitted again (a new charge, a new line), at
    /// most `LedgerRules.maxResubmissions` times.
    func result(of job: GenerationJob, _ request: PortraitRequest, lease: JobLease) async throws -> GeneratedImage {
        let jobID = try job.requireID()
        while true {
            do {
                return try await services.provider.result(requestId: job.requestID!, request: request, partial: nil)
            } catch SubmissionVerdict.resubmit(let code, let message) {
                switch LedgerRules.resubmission(
                    jobID: jobID, requestID: job.requestID, recorded: try await lines(of: jobID), code: code,
                    message: message)
                {
                case .giveUp(let error): throw error
                case .submitAgain(let settlement):
                    app.logger.warning("portrait job \(jobID): \(code): \(message); submitting again")
                    try await settle(settlement)
                }
                job.requestID = nil
                job.state = .queued
                try await submit(job, request, lease: lease)
                if try await recordCharge(job, request: request) { try await publishStarted(job, request) }
            }
        }
    }

    /// A retry of a portrait whose last attempt stopped waiting at its deadline while its
    /// request could still finish (its ledger line left pending, `SubmissionVerdict.stillRunning`):
    /// that request is asked about again before anything is paid for again. It is adopted, with
    /// its ledger line, when the retry asks for nothing new (the same instruction).
    func adoptKeptRequest(_ job: GenerationJob, _ request: PortraitRequest, lease: JobLease) async throws -> Bool {
        guard job.attempt > 1 else { return false }
        let jobID = try job.requireID()
        let earlier = try await GenerationJob.query(on: db).filter(\.$persona.$id == job.$persona.id)
            .filter(\.$scenarioIndex == job.scenarioIndex).filter(\.$attempt < job.attempt)
            .sort(\.$attempt, .descending).first()
        guard let earlier,
            let kept = try LedgerRules.keptRequest(
                for: try job.snapshot(), request: request, earlier: try earlier.snapshot(),
                recorded: try await lines(of: try earlier.requireID()),
                earlierRequest: { try JSONDecoder().decode(PortraitRequest.self, from: Data(earlier.request.utf8)) }),
            let line = try await LedgerEntry.query(on: db).filter(\.$jobID == kept.fromJobID)
                .filter(\.$requestID == kept.requestID).filter(\.$outcome == .pending).first()
        else { return false }
        try await leases.fenced(lease, on: db) { db in
            line.jobID = jobID
            try await line.save(on: db)
            job.requestID = kept.requestID
            job.state = .submitted
            try await job.save(on: db)
        }
        app.logger.info(
            "portrait job \(jobID): asking again about request \(kept.requestID) of attempt \(kept.fromAttempt)")
        return true
    }

    /// The job's ledger lines, as the rules read them.
    func lines(of jobID: UUID) async throws -> [LedgerLine] {
        try await LedgerEntry.query(on: db).filter(\.$jobID == jobID).all().map {
            LedgerLine(jobID: $0.jobID, requestID: $0.requestID, outcome: $0.outcome)
        }
    }

    /// The ledger's line for the job's submission, written once by whoever first knows its id:
    /// this process after submitting, or a restart that found the id saved without its line
    /// or claimed a lost submission. The unique (job_id, request_id) index decides; true when
    /// written now.
    func recordCharge(_ job: GenerationJob, request: PortraitRequest) async throws -> Bool {
        let jobID = try job.requireID()
        guard
            let line = LedgerRules.charge(jobID: jobID, requestID: job.requestID, recorded: try await lines(of: jobID))
        else { return false }
        let provider = services.provider
        let charge = provider.charge(for: request)
        let entry = LedgerEntry(
            userID: job.userID, personaID: job.$persona.id, jobID: jobID, provider: provider.name, model: charge.model,
            resolution: charge.resolution, unitPriceUSD: charge.unitPriceUSD, units: charge.units)
        entry.requestID = line.requestID
        do {
            try await entry.save(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false  // already written: before a restart, or by a claim racing this process
        }
        services.metrics.recordSubmission(
            provider: provider.name, model: charge.model, usd: charge.unitPriceUSD * Double(charge.units))
        return true
    }

    /// A provider reports a finished request for `jobID` (FAL's webhook names the job): if the job
    /// began a submission whose id was never saved, this is that submission, and it is adopted.
    /// The ledger line goes first: whoever waits for the id then finds its charge recorded.
    func claim(jobID: UUID, requestID: String) async throws {
        // A late word of a request this job already gave up (before submitting it again) is not this submission.
        guard let job = try await GenerationJob.find(jobID, on: db),
            LedgerRules.isLostSubmission(
                of: try job.snapshot(), requestID: requestID, recorded: try await lines(of: jobID))
        else { return }
        let request = try JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8))
        job.requestID = requestID
        job.state = .submitted
        _ = try await recordCharge(job, request: request)
        try await job.save(on: db)
        try await publishStarted(job, request)
        app.logger.info("portrait job \(jobID): claimed its interrupted submission \(requestID)")
    }

    /// The claimed request id of `jobID`, if one is claimed within the grace period. A job gone
    /// (its persona deleted) or ended elsewhere meanwhile waits no longer.
    func awaitClaim(_ jobID: UUID) async throws -> String? {
        let deadline = Date().addingTimeInterval(services.config.lostSubmissionGrace)
        while Date() < deadline {
            guard let job = try await GenerationJob.find(jobID, on: db), !job.state.isFinished else {
                throw LeaseLost(jobID: jobID)
            }
            if let id = job.requestID { return id }
            try await Task.sleep(for: .seconds(1))
        }
        return nil
    }
}
