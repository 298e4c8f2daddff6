import Faces
import Fluent
import NIOConcurrencyHelpers
import PersonaKit
import Providers
import Vapor

/// A portrait's end (failed) and the persona's (ready or failed), and the events that say so; what
/// they are is PersonaKit's rules' (PortraitRules, PersonaRules, LedgerRules), saving it is here.
extension PortraitGenerator {
    func markFailed(_ lease: JobLease, error: any Error) async {
        let jobID = lease.jobID
        do {
            guard let job = try await GenerationJob.find(jobID, on: db) else { return }
            let personaID = job.$persona.id
            // A request left running at the deadline may still finish and be billed: its line
            // stays pending, and its id stays on the job for a retry to ask about.
            let mayStillBeBilled = if case SubmissionVerdict.stillRunning = error { true } else { false }
            let failure = PortraitRules.failure(
                job: try job.snapshot(), error: Self.describe(error), mayStillBeBilled: mayStillBeBilled)
            // Under the finishing permit, fenced, like every verdict: the job is not seen finished
            // before its event, and not by a process that lost it.
            try await finishing.withPermit {
                try await leases.fenced(lease, on: db) { [self] db in
                    try await lockPersona(personaID, on: db)
                    job.state = failure.state
                    job.error = failure.error
                    try await job.save(on: db)
                    if let settlement = failure.settlement { try await settle(settlement, on: db) }
                    try await services.events.publish(failure.event, personaID: personaID, on: db)
                }
            }
            services.events.wake(personaID)
            try await finishPersonaIfDone(personaID)
        } catch {
            app.logger.report(error: error)
        }
    }

    /// Applies a ledger decision: the job's pending lines (or one submission's) become billed or not.
    func settle(_ settlement: LedgerSettlement, on db: (any Database)? = nil) async throws {
        let db = db ?? self.db
        var pending = LedgerEntry.query(on: db).filter(\.$jobID == settlement.jobID).filter(\.$outcome == .pending)
        if let requestID = settlement.requestID { pending = pending.filter(\.$requestID == requestID) }
        for entry in try await pending.all() {
            entry.outcome = settlement.outcome
            try await entry.save(on: db)
        }
    }

    /// When the latest job of every scenario has finished: the persona becomes ready (or failed when
    /// no portrait could be made), with its portrait URLs and measured consistency.
    func finishPersonaIfDone(_ personaID: UUID) async throws {
        try await holdingPersona(personaID) { [self] db in try await finishPersona(personaID, on: db) }
        services.events.wake(personaID)
    }

    /// Runs `body` while no verdict or completion of this persona runs: under the finishing permit
    /// and, on PostgreSQL, in a transaction holding the persona's row (other processes wait).
    /// With SQLite (one process) the permit alone serialises it: `body` opens its own transaction
    /// for its writes, since a SQLite transaction that reads before it writes can be refused its
    /// write lock once another connection wrote.
    func holdingPersona<T: Sendable>(
        _ personaID: UUID, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        try await finishing.withPermit { [self] in
            guard leases.postgres else { return try await body(db) }
            return try await db.transaction { [self] db in
                try await lockPersona(personaID, on: db)
                return try await body(db)
            }
        }
    }

    /// In a transaction holding the persona's row (PostgreSQL): of two processes finishing its last
    /// two portraits at once, the second sees both verdicts.
    private func finishPersona(_ personaID: UUID, on db: any Database) async throws {
        guard let persona = try await Persona.find(personaID, on: db) else { return }
        let jobs = try await GenerationJob.query(on: db).filter(\.$persona.$id == personaID).all()
        let images = try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID).all()
        let byID = Dictionary(uniqueKeysWithValues: images.compactMap { image in image.id.map { ($0, image) } })
        guard let outcome = try Self.outcome(jobs: jobs, images: byID, status: persona.status) else { return }
        try await Self.record(outcome, of: persona, images: byID, services: services, on: db)
    }

    /// How a persona of `status` ends with these jobs and images (PersonaRules.outcome): nil while
    /// one is unfinished or when it is not `analyzing`.
    static func outcome(jobs: [GenerationJob], images byID: [UUID: PersonaImage], status: PersonaStatus) throws
        -> PersonaOutcome?
    {
        PersonaRules.outcome(
            latestJobs: try PersonaRules.latestJobs(jobs).map {
                try $0.snapshot(measuredBy: $0.portraitImageID.flatMap { byID[$0] })
            },
            scenarioCount: PortraitScenario.all.count, status: status)
    }

    /// Saves how the persona ended (its portraits, consistency, status; an error only when it
    /// failed) and publishes it; also when a kept earlier attempt changes a finished persona's
    /// portraits (PortraitController.keep).
    static func record(
        _ outcome: PersonaOutcome, of persona: Persona, images byID: [UUID: PersonaImage], services: InflioServices,
        on db: any Database
    ) async throws {
        persona.metadata.portraitUrls = outcome.portraitImageIDs.compactMap { byID[$0]?.imageURL }
        persona.metadata.consistencyScore = outcome.consistencyScore
        persona.move(to: outcome.status, outcome.stage)
        persona.metadata.error = outcome.error
        try await persona.save(on: db)
        if persona.status == .ready { try await OnboardingService.avatarReady(persona, db: db) }
        let signer = services.signer
        try await services.events.publish(
            outcome.event(portraitURL: { signer.url(for: $0) }), personaID: try persona.requireID(), on: db)
    }

    /// Once per submission: when its ledger line is first written, or a kept request is adopted.
    func publishStarted(_ job: GenerationJob, _ request: PortraitRequest) async throws {
        try await services.events.publish(
            PortraitRules.started(try job.snapshot(), request), personaID: job.$persona.id, on: db)
    }
}
