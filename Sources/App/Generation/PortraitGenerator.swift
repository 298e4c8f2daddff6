import Faces
import Fluent
import NIOConcurrencyHelpers
import PersonaKit
import Providers
import Vapor

/// Runs portrait jobs: all of a persona's in parallel, bounded by `generationWorkers` overall.
/// Each job is durable. Its state and the provider's request id are saved before waiting, and
/// `resumeUnfinished()` at boot picks up every job a previous process left: a submitted job
/// resumes its request, only a never-submitted one is submitted.
final class PortraitGenerator: Sendable {
    private let app: Application
    private let running = NIOLockedValueBox<Set<UUID>>([])
    /// Bounds how many portraits generate at once, across personas.
    private let slots: AsyncSemaphore
    /// Serialises the "is the persona finished?" step so two last portraits cannot both finish it.
    private let finishing = AsyncSemaphore(permits: 1)
    private let tasks = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])

    init(app: Application, workers: Int) {
        self.app = app
        slots = AsyncSemaphore(permits: max(1, workers))
    }

    private var services: InflioServices { app.inflio }
    private var db: any Database { app.db }

    /// Schedules every job a previous process did not finish.
    func resumeUnfinished() async throws {
        let open = try await GenerationJob.query(on: db).filter(\.$state ~~ [.queued, .submitted]).all()
        for job in open { schedule(try job.requireID()) }
        if !open.isEmpty { app.logger.info("resuming \(open.count) portrait job(s)") }
    }

    func schedule(_ jobID: UUID) {
        let isNew = running.withLockedValue { $0.insert(jobID).inserted }
        guard isNew else { return }
        let task = Task { [self] in
            await slots.withPermit { await run(jobID) }
            running.withLockedValue { _ = $0.remove(jobID) }
            tasks.withLockedValue { _ = $0.removeValue(forKey: jobID) }
        }
        tasks.withLockedValue { $0[jobID] = task }
    }

    /// Waits for every scheduled job (tests, shutdown).
    func drain() async {
        while true {
            let pending = tasks.withLockedValue { Array($0.values) }
            if pending.isEmpty { return }
            for task in pending { await task.value }
        }
    }

    func cancelAll() {
        for task in tasks.withLockedValue({ Array($0.values) }) { task.cancel() }
    }

    private func run(_ jobID: UUID) async {
        do {
            guard let job = try await GenerationJob.find(jobID, on: db), !job.state.isFinished else { return }
            try await process(job)
        } catch {
            // Stopped by a shutdown: the job stays open, and resumes its request at the next start.
            if Task.isCancelled { return }
            app.logger.report(error: error)
            await markFailed(jobID, error: error)
        }
    }

    private func process(_ job: GenerationJob) async throws {
        let request = try JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8))
        let jobID = try job.requireID()
        let personaID = job.$persona.id
        let provider = services.provider

        if job.requestID == nil, job.submitStartedAt != nil, provider.reportsLostSubmissions {
            // A previous process began this submission and died before saving the provider's
            // answer. The provider may well have the job: wait for it to report (claim) first.
            if let claimed = try await awaitClaim(jobID) {
                job.requestID = claimed
                job.state = .submitted
            } else {
                app.logger.warning(
                    "portrait job \(jobID): no word of its interrupted submission within \(services.config.lostSubmissionGrace) s; submitting again"
                )
            }
        }
        if job.requestID == nil, job.submitStartedAt == nil, try await adoptKeptRequest(job) {
            try await publishStarted(job, request)
        }
        if job.requestID == nil { try await submit(job, request) }
        if try await recordCharge(job, request: request) { try await publishStarted(job, request) }

        let image = try await result(of: job, request)
        try await settleLedger(jobID: jobID, outcome: .succeeded)

        guard let persona = try await Persona.find(personaID, on: db) else { return }  // deleted meanwhile
        let imageID = UUID()
        let key = "personas/\(personaID.uuidString.lowercased())/portraits/\(imageID.uuidString.lowercased()).jpg"
        try await services.blobs.put(image.bytes, at: key)
        let verification =
            persona.identity.map { services.verifierResult(image.bytes, identity: $0) }
            ?? PortraitVerification(faceFound: false, distance: nil, verified: false)

        let state: GenerationJob.State =
            verification.verified ? .verified : (job.retriesLeft > 0 ? .retried : .needsReview)
        let row = PersonaImage(
            id: imageID, personaID: personaID, userID: job.userID,
            imageURL: MediaPath(imageID: imageID).description,
            fileSize: image.bytes.count,
            metadata: PersonaImageMetadata(
                type: .referencePortrait, storageKey: key, contentType: image.contentType, width: image.width,
                height: image.height,
                scenarioIndex: job.scenarioIndex, scenario: request.scenario.id, attempt: job.attempt,
                state: state == .retried ? "rejected" : state.rawValue, identityDistance: verification.distance,
                jobID: jobID))
        try await row.save(on: db)

        var data: [String: JSONValue] = [
            "index": .number(Double(job.scenarioIndex)), "scenario": .string(request.scenario.id),
            "attempt": .number(Double(job.attempt)),
            "url": .string(services.signer.url(for: imageID)), "faceFound": .bool(verification.faceFound),
            "identityDistance": verification.distance.map { JSONValue.number(($0 * 1000).rounded() / 1000) }
                ?? JSONValue.null,
        ]
        // The verdict (the job's new state, its events, a retry's job) is written under the same
        // permit as `finishPersonaIfDone`: another portrait finishing meanwhile must not see this job
        // finished before its verdict event is out (streams end at persona_ready), nor a retried
        // job without its retry.
        let retryID: UUID? = try await finishing.withPermit {
            job.portraitImageID = imageID
            job.state = state
            try await job.save(on: db)
            try await publish("portrait_ready", personaID, data)
            switch state {
            case .verified:
                try await publish("portrait_verified", personaID, data)
                return nil
            case .retried:
                let retry = GenerationJob(
                    personaID: personaID, userID: job.userID, scenarioIndex: job.scenarioIndex,
                    attempt: job.attempt + 1, retriesLeft: job.retriesLeft - 1, provider: provider.name,
                    request: try Self.encode(
                        PortraitRequest(
                            scenario: request.scenario, references: request.references,
                            seed: Self.nextSeed(after: request.seed), instruction: request.instruction)))
                try await retry.save(on: db)
                data["reason"] = .string(verification.faceFound ? "identity_mismatch" : "no_face")
                try await publish("portrait_retrying", personaID, data)
                return try retry.requireID()
            default:
                data["reason"] = .string(verification.faceFound ? "identity_mismatch" : "no_face")
                try await publish("portrait_needs_review", personaID, data)
                return nil
            }
        }
        if let retryID {
            schedule(retryID)
            return
        }
        try await finishPersonaIfDone(personaID)
    }

    /// Submits the job's request. Saved before waiting: from here a restart resumes this
    /// request, never pays again.
    private func submit(_ job: GenerationJob, _ request: PortraitRequest) async throws {
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
    private func result(of job: GenerationJob, _ request: PortraitRequest) async throws -> GeneratedImage {
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
    private func adoptKeptRequest(_ job: GenerationJob) async throws -> Bool {
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
    private func recordCharge(_ job: GenerationJob, request: PortraitRequest) async throws -> Bool {
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
    private func awaitClaim(_ jobID: UUID) async throws -> String? {
        let deadline = Date().addingTimeInterval(services.config.lostSubmissionGrace)
        while Date() < deadline {
            if let id = try await GenerationJob.find(jobID, on: db)?.requestID { return id }
            try await Task.sleep(for: .seconds(1))
        }
        return nil
    }

    private func markFailed(_ jobID: UUID, error: any Error) async {
        do {
            guard let job = try await GenerationJob.find(jobID, on: db) else { return }
            // Under the finishing permit, like every verdict: the job is not seen finished before its event.
            try await finishing.withPermit {
                // The request id is kept: a retry asks about it first (adoptKeptRequest).
                job.state = .failed
                job.error = Self.describe(error)
                try await job.save(on: db)
                // A request left running at the deadline may still finish and be billed: its line stays pending.
                let mayStillBeBilled = if case SubmissionVerdict.stillRunning = error { true } else { false }
                if !mayStillBeBilled { try await settleLedger(jobID: jobID, outcome: .failed) }
                try await publish(
                    "portrait_failed", job.$persona.id,
                    [
                        "index": .number(Double(job.scenarioIndex)), "attempt": .number(Double(job.attempt)),
                        "error": .string(job.error ?? ""),
                    ])
            }
            try await finishPersonaIfDone(job.$persona.id)
        } catch {
            app.logger.report(error: error)
        }
    }

    private func settleLedger(jobID: UUID, requestID: String? = nil, outcome: LedgerEntry.Outcome) async throws {
        var pending = LedgerEntry.query(on: db).filter(\.$jobID == jobID).filter(\.$outcome == .pending)
        if let requestID { pending = pending.filter(\.$requestID == requestID) }
        for entry in try await pending.all() {
            entry.outcome = outcome
            try await entry.save(on: db)
        }
    }

    /// When the latest job of every scenario has finished: the persona becomes ready (or failed when
    /// no portrait could be made), with its portrait URLs and measured consistency.
    func finishPersonaIfDone(_ personaID: UUID) async throws {
        try await finishing.withPermit {
            guard let persona = try await Persona.find(personaID, on: db) else { return }
            let jobs = try await GenerationJob.query(on: db).filter(\.$persona.$id == personaID).all()
            let latest = PersonaPortraits.latestJobs(jobs)
            guard latest.count == PortraitScenario.all.count, latest.allSatisfy({ $0.state.isFinished }) else { return }
            guard persona.status == .generating else { return }
            let images = try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID).all()
            let byID = Dictionary(uniqueKeysWithValues: images.compactMap { image in image.id.map { ($0, image) } })
            let portraits = latest.compactMap { $0.portraitImageID.flatMap { byID[$0] } }
            persona.metadata.portraitUrls = portraits.map(\.imageURL)
            persona.metadata.consistencyScore = IdentityVerifier.consistencyScore(
                distances: latest.map { job in
                    job.portraitImageID.flatMap { byID[$0]?.metadata.identityDistance }
                })
            persona.status = portraits.isEmpty ? .failed : .ready
            if portraits.isEmpty { persona.metadata.error = "No portrait could be generated." }
            try await persona.save(on: db)
            if persona.status == .ready { try await OnboardingService.avatarReady(persona, db: db) }
            try await publish(
                persona.status == .ready ? "persona_ready" : "persona_failed", personaID,
                [
                    "status": .string(persona.status.rawValue),
                    "consistencyScore": .number((persona.metadata.consistencyScore * 1000).rounded() / 1000),
                    "portraits": .array(portraits.map { .string(services.signer.url(for: $0.id!)) }),
                ])
        }
    }

    private func publishStarted(_ job: GenerationJob, _ request: PortraitRequest) async throws {
        try await publish(
            "portrait_started", job.$persona.id,
            [
                "index": .number(Double(job.scenarioIndex)), "scenario": .string(request.scenario.id),
                "attempt": .number(Double(job.attempt)),
            ])
    }

    private func publish(_ type: String, _ personaID: UUID, _ data: [String: JSONValue]) async throws {
        try await services.events.publish(type, personaID: personaID, data: .object(data), on: db)
    }

    static func encode(_ request: PortraitRequest) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(request), as: UTF8.self)
    }

    /// A new seed for a retry, derived so reruns of the same history are reproducible.
    static func nextSeed(after seed: UInt64) -> UInt64 {
        seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    }

    static func describe(_ error: any Error) -> String {
        if let verdict = error as? SubmissionVerdict { return verdict.description }
        if let error = error as? ProviderError {
            switch error {
            case .rejected(let code, let message): return "\(code): \(message)"
            case .unavailable(let message): return "provider_unavailable: \(message)"
            case .unknownRequest(let id): return "unknown_request: \(id)"
            case .cancelled: return "cancelled"
            }
        }
        return String(describing: error)
    }
}

extension InflioServices {
    func verifierResult(_ bytes: [UInt8], identity: Data) -> PortraitVerification {
        IdentityVerifier(analyzer: analyzer).verify(bytes, identity: IdentityCodec.decode(identity))
    }
}

/// The identity centroid as stored: 128 little-endian Float32.
enum IdentityCodec {
    static func encode(_ embedding: FaceEmbedding) -> Data {
        var data = Data(capacity: 512)
        for value in embedding.values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func decode(_ data: Data) -> FaceEmbedding {
        let bytes = [UInt8](data)
        return FaceEmbedding(
            values: (0..<128).map { i in
                Float(
                    bitPattern: UInt32(bytes[4 * i]) | UInt32(bytes[4 * i + 1]) << 8 | UInt32(bytes[4 * i + 2]) << 16
                        | UInt32(bytes[4 * i + 3]) << 24)
            })
    }
}

/// Which job and image currently stand for each scenario.
enum PersonaPortraits {
    /// The most recent job of each scenario (highest attempt, then newest), by scenario index.
    static func latestJobs(_ jobs: [GenerationJob]) -> [GenerationJob] {
        Dictionary(grouping: jobs, by: \.scenarioIndex)
            .sorted { $0.key < $1.key }
            .compactMap {
                $0.value.max { ($0.attempt, $0.createdAt ?? .distantPast) < ($1.attempt, $1.createdAt ?? .distantPast) }
            }
    }
}
