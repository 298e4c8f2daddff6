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
    /// request, never pays again.
    func submit(_ job: GenerationJob, _ request: PortraitRequest) async throws {
        let requestID = try await services.provider.submit(request, tag: try job.requireID().uuidString.lowercased()) {
            [db] in
            job.submitStartedAt = Date()
            try await job.save(on: db)
        }
        job.requestID = requestID
        job.state = .submitted
        try await job.save(on: db)
    }

    /// At most this many automatic new submissions per job, each a new charge.
    static let maxResubmissions = 2

    /// The provider's image for the job's request. When the provider says the request cannot
    /// have been charged or cannot finish (`SubmissionVerdict.resubmit`), its ledger line is
    /// settled as failed (not billed) and the job is submitted again: a new charge, a new line.
    func result(of job: GenerationJob, _ request: PortraitRequest) async throws -> GeneratedImage {
        let jobID = try job.requireID()
        while true {
            do {
                return try await services.provider.result(requestId: job.requestID!, request: request, partial: nil)
            } catch SubmissionVerdict.resubmit(let code, let message) {
                let submissions = try await LedgerEntry.query(on: db).filter(\.$jobID == jobID).count()
                guard submissions <= Self.maxResubmissions else {
                    throw ProviderError.unavailable("\(code): \(message) (submitted \(submissions) times)")
                }
                app.logger.warning("portrait job \(jobID): \(code): \(message); submitting again")
                try await settleLedger(jobID: jobID, requestID: job.requestID, outcome: .failed)
                job.requestID = nil
                job.state = .queued
                try await submit(job, request)
                if try await recordCharge(job, request: request) { try await publishStarted(job, request) }
            }
        }
    }

    /// A retry of a portrait whose last attempt stopped waiting at its deadline while its
    /// request could still finish (its ledger line left pending, `SubmissionVerdict.stillRunning`):
    /// that request is asked about again before anything is paid for again. It is adopted, with
    /// its ledger line, when the retry asks for nothing new (the same instruction).
    func adoptKeptRequest(_ job: GenerationJob) async throws -> Bool {
        guard job.attempt > 1 else { return false }
        let jobID = try job.requireID()
        guard
            let earlier = try await GenerationJob.query(on: db).filter(\.$persona.$id == job.$persona.id)
                .filter(\.$scenarioIndex == job.scenarioIndex).filter(\.$attempt < job.attempt)
                .sort(\.$attempt, .descending).first(),
            earlier.state == .failed, let requestID = earlier.requestID,
            let line = try await LedgerEntry.query(on: db).filter(\.$jobID == earlier.requireID())
                .filter(\.$requestID == requestID).filter(\.$outcome == .pending).first()
        else { return false }
        let previous = try JSONDecoder().decode(PortraitRequest.self, from: Data(earlier.request.utf8))
        let current = try JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8))
        guard previous.instruction == current.instruction else { return false }
        try await db.transaction { db in
            line.jobID = jobID
            try await line.save(on: db)
            job.requestID = requestID
            job.state = .submitted
            try await job.save(on: db)
        }
        app.logger.info("portrait job \(jobID): asking again about request \(requestID) of attempt \(earlier.attempt)")
        return true
    }

    /// The ledger's line for the job's submission, written once by whoever first knows its id:
    /// this process after submitting, or a restart that found the id saved without its line
    /// or claimed a lost submission. The unique (job_id, request_id) index decides; true when
    /// written now.
    func recordCharge(_ job: GenerationJob, request: PortraitRequest) async throws -> Bool {
        guard let requestID = job.requestID else { return false }
        let jobID = try job.requireID()
        let provider = services.provider
        let charge = provider.charge(for: request)
        let entry = LedgerEntry(
            userID: job.userID, personaID: job.$persona.id, jobID: jobID, provider: provider.name, model: charge.model,
            resolution: charge.resolution, unitPriceUSD: charge.unitPriceUSD, units: charge.units)
        entry.requestID = requestID
        do {
            try await entry.save(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false  // already written: before a restart, or by a claim racing this process
        }
        return true
    }

    /// A provider reports a finished request for `jobID` (FAL's webhook names the job): if the job
    /// began a submission whose id was never saved, this is that submission, and it is adopted.
    /// The ledger line goes first: whoever waits for the id then finds its charge recorded.
    func claim(jobID: UUID, requestID: String) async throws {
        guard let job = try await GenerationJob.find(jobID, on: db), job.state == .queued, job.requestID == nil,
            job.submitStartedAt != nil
        else { return }
        // A late word of a request this job already gave up (before submitting it again) is not this submission.
        let known = try await LedgerEntry.query(on: db).filter(\.$jobID == jobID).filter(\.$requestID == requestID)
            .count()
        guard known == 0 else { return }
        let request = try JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8))
        job.requestID = requestID
        job.state = .submitted
        _ = try await recordCharge(job, request: request)
        try await job.save(on: db)
        try await publishStarted(job, request)
        app.logger.info("portrait job \(jobID): claimed its interrupted submission \(requestID)")
    }

    /// The claimed request id of `jobID`, if one is claimed within the grace period.
    func awaitClaim(_ jobID: UUID) async throws -> String? {
        let deadline = Date().addingTimeInterval(services.config.lostSubmissionGrace)
        while Date() < deadline {
            if let id = try await GenerationJob.find(jobID, on: db)?.requestID { return id }
            try await Task.sleep(for: .seconds(1))
        }
        return nil
    }
}
