import Faces
import Fluent
import NIOConcurrencyHelpers
import PersonaKit
import Providers
import Vapor

/// A portrait's end (failed) and the persona's (ready or failed), and the events that say so.
extension PortraitGenerator {
    func markFailed(_ jobID: UUID, error: any Error) async {
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

    func settleLedger(jobID: UUID, requestID: String? = nil, outcome: LedgerEntry.Outcome) async throws {
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
            guard persona.status == .analyzing else { return }
            let images = try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID).all()
            let byID = Dictionary(uniqueKeysWithValues: images.compactMap { image in image.id.map { ($0, image) } })
            let portraits = latest.compactMap { $0.portraitImageID.flatMap { byID[$0] } }
            persona.metadata.portraitUrls = portraits.map(\.imageURL)
            persona.metadata.consistencyScore = IdentityVerifier.consistencyScore(
                distances: latest.map { job in
                    job.portraitImageID.flatMap { byID[$0]?.metadata.identityDistance }
                })
            if portraits.isEmpty { persona.move(to: .failed, .failed) } else { persona.move(to: .ready, .done) }
            if portraits.isEmpty { persona.metadata.error = "No portrait could be generated." }
            try await persona.save(on: db)
            if persona.status == .ready { try await OnboardingService.avatarReady(persona, db: db) }
            try await publish(
                persona.status == .ready ? "persona_ready" : "persona_failed", personaID,
                [
                    "status": .string(persona.status.rawValue), "stage": .string(persona.stage.rawValue),
                    "consistencyScore": .number((persona.metadata.consistencyScore * 1000).rounded() / 1000),
                    "portraits": .array(portraits.map { .string(services.signer.url(for: $0.id!)) }),
                ])
        }
    }

    func publishStarted(_ job: GenerationJob, _ request: PortraitRequest) async throws {
        try await publish(
            "portrait_started", job.$persona.id,
            [
                "index": .number(Double(job.scenarioIndex)), "scenario": .string(request.scenario.id),
                "attempt": .number(Double(job.attempt)),
            ])
    }

    func publish(_ type: String, _ personaID: UUID, _ data: [String: JSONValue]) async throws {
        try await services.events.publish(type, personaID: personaID, data: .object(data), on: db)
    }
}
