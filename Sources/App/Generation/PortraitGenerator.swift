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
    let app: Application
    let running = NIOLockedValueBox<Set<UUID>>([])
    /// Bounds how many portraits generate at once, across personas.
    let slots: AsyncSemaphore
    /// Serialises the "is the persona finished?" step so two last portraits cannot both finish it.
    let finishing = AsyncSemaphore(permits: 1)
    let tasks = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])

    init(app: Application, workers: Int) {
        self.app = app
        slots = AsyncSemaphore(permits: max(1, workers))
    }

    var services: InflioServices { app.inflio }
    var db: any Database { app.db }

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

    func run(_ jobID: UUID) async {
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

    func process(_ job: GenerationJob) async throws {
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
        let services = self.services
        var verification = PortraitVerification(faceFound: false, distance: nil)
        if let identity = persona.identity {
            verification = try await services.compute.runIfActive {
                services.verifierResult(image.bytes, identity: identity)
            }
        }

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
                secondOpinionDistance: verification.secondOpinionDistance, jobID: jobID))
        try await row.save(on: db)

        var data: [String: JSONValue] = [
            "index": .number(Double(job.scenarioIndex)), "scenario": .string(request.scenario.id),
            "attempt": .number(Double(job.attempt)),
            "url": .string(services.signer.url(for: imageID)), "faceFound": .bool(verification.faceFound),
            "identityDistance": verification.distance.map { JSONValue.number(($0 * 1000).rounded() / 1000) }
                ?? JSONValue.null,
            "secondOpinionDistance": verification.secondOpinionDistance.map {
                JSONValue.number(($0 * 1000).rounded() / 1000)
            } ?? JSONValue.null,
            "likeness": verification.likeness.map { JSONValue.string($0.rawValue) } ?? JSONValue.null,
            // IPTC's digital source type, which its downloads carry in XMP: the page labels it.
            "madeBy": .string(PortraitProvenance.source(provider: job.provider).rawValue),
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
                data["reason"] = verification.reason.map { JSONValue.string($0) } ?? .null
                try await publish("portrait_retrying", personaID, data)
                return try retry.requireID()
            default:
                data["reason"] = verification.reason.map { JSONValue.string($0) } ?? .null
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
