import Fluent
import PersonaKit
import Providers
import Vapor

extension PortraitController {
    struct Keeping: Content { let attempt: Int }

    /// `POST /api/personas/:id/portraits/:index/keep` with `{attempt}`: shows that earlier attempt's
    /// picture again as the scenario's portrait. Recorded as a job that makes nothing (no provider
    /// call, no charge) after the latest one, so the page, the persona's portraits and consistency,
    /// and designs all read the choice where they read the latest attempt. Keeping the picture
    /// already shown changes nothing.
    static func keep(_ req: Request) async throws -> PersonaController.Shown {
        let owned = try await PersonaController.owned(req)
        let personaID = try owned.requireID()
        let index = try scenarioIndex(req)
        let attempt = try req.content.decode(Keeping.self).attempt
        let services = req.inflio
        let persona = try await services.generator.holdingPersona(personaID) { db in
            try await Self.keep(attempt: attempt, index: index, personaID: personaID, services: services, on: db)
        }
        services.events.wake(personaID)
        // A persona still being made ends when its last portrait does; should that have happened
        // just before the keep (its completion waiting behind it), this ends it now.
        var shown = persona
        if persona.status == .analyzing {
            try await services.generator.finishPersonaIfDone(personaID)
            shown = try await Persona.find(personaID, on: req.db) ?? persona
        }
        return PersonaController.Shown(persona: try await PersonaController.detail(req, shown))
    }

    private static func keep(
        attempt: Int, index: Int, personaID: UUID, services: InflioServices, on db: any Database
    ) async throws -> Persona {
        guard let persona = try await Persona.find(personaID, on: db) else {
            throw ServiceError.notFound("This persona")
        }
        let jobs = try await GenerationJob.query(on: db).filter(\.$persona.$id == personaID).all()
        let images = try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID).all()
        guard let latest = PersonaRules.latestJobs(jobs.filter { $0.scenarioIndex == index }).first else {
            throw ServiceError.notFound("This portrait")
        }
        guard
            let picture = images.first(where: {
                $0.metadata.type == .referencePortrait && $0.metadata.scenarioIndex == index
                    && $0.metadata.attempt == attempt
            }), let pictureID = picture.id
        else {
            throw ServiceError(
                .notFound, "attempt_not_found", "This portrait has no attempt \(attempt) with a picture to keep.")
        }
        if latest.portraitImageID == pictureID, latest.state.isFinished { return persona }
        // The picture's own job: its provider says how it was made, its request is what a later
        // regeneration of the kept picture starts from.
        let made = jobs.first { $0.id == picture.metadata.jobID } ?? latest
        let scenario = PortraitScenario.all[index]
        guard
            let keep = PortraitRules.keep(
                latest: try latest.snapshot(), scenario: scenario.id,
                wasVerified: picture.metadata.state == PortraitJobState.verified.rawValue,
                verification: PersonaDetailBody.verification(picture)
                    ?? PortraitVerification(faceFound: false, distance: nil),
                delivery: PortraitDelivery(
                    url: services.signer.url(for: pictureID),
                    madeBy: PortraitProvenance.source(provider: made.provider).rawValue))
        else {
            throw Self.inProgress
        }
        let job = GenerationJob(
            personaID: personaID, userID: persona.userID, scenarioIndex: index, attempt: keep.attempt, retriesLeft: 0,
            provider: made.provider, request: made.request)
        job.id = UUID()
        job.state = keep.state
        job.portraitImageID = pictureID
        // A finished persona's portraits and consistency follow the choice now; while others are
        // still being made, their completion counts it.
        let byID = Dictionary(uniqueKeysWithValues: images.compactMap { image in image.id.map { ($0, image) } })
        let outcome =
            persona.status == .analyzing
            ? nil : try PortraitGenerator.outcome(jobs: jobs + [job], images: byID, status: .analyzing)
        try await db.transaction { db in
            try await job.create(on: db)
            try await services.events.publish(keep.event, personaID: personaID, on: db)
            // Followers learn the persona's portraits again, and a stream opened meanwhile ends.
            if let outcome {
                try await PortraitGenerator.record(outcome, of: persona, images: byID, services: services, on: db)
            }
        }
        return persona
    }
}
