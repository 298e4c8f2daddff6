import Fluent
import PersonaKit
import Providers
import Vapor

/// `POST /api/personas/:id/portraits/:index/regenerate` with an optional `{instruction}`; keeping an
/// earlier attempt is in PortraitController+Keep.swift, all portraits as a ZIP in +Archive.swift.
enum PortraitController {
    struct Regeneration: Content { let instruction: String? }

    static func regenerate(_ req: Request) async throws -> Response {
        let persona = try await PersonaController.owned(req)
        let personaID = try persona.requireID()
        let index = try scenarioIndex(req)
        // No body is no instruction; a body that does not decode (`{"instruction": 12345}`) is
        // refused, never dropped.
        let hasBody = (req.body.data?.readableBytes ?? 0) > 0
        let instruction = (hasBody ? try req.content.decode(Regeneration.self) : nil)?.instruction?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let instruction, instruction.count > 500 {
            throw ServiceError(.badRequest, "instruction_too_long", "Keep the instruction under 500 characters.")
        }
        let refinement = PortraitRefinement(instruction)
        // The offline studio answers an instruction it can do nothing with, rather than making
        // the same portrait again as if it had been followed (PortraitRefinement's vocabulary).
        if let instruction, !instruction.isEmpty, req.inflio.provider.name == LocalStudioProvider.providerName {
            if refinement.changes.isEmpty {
                // The reasons apart from the list of what it can do, so a page can show them first.
                let reasons = refinement.notes.filter { $0 != PortraitRefinement.vocabulary }
                throw ServiceError(
                    .unprocessableEntity, "instruction_not_supported",
                    (refinement.notes + [PortraitRefinement.connectHint]).joined(separator: " "),
                    details: .object([
                        "reasons": .array(reasons.map(JSONValue.string)),
                        "canChange": .string(PortraitRefinement.vocabulary),
                        "connect": .string(PortraitRefinement.connectHint),
                    ]))
            }
        }
        // Under the persona's hold, as a keep is: the two cannot both write the next attempt.
        let services = req.inflio
        let job = try await services.generator.holdingPersona(personaID) { db in
            try await Self.queueRegeneration(
                index: index, instruction: instruction, otherPhoto: refinement.otherPhoto, personaID: personaID,
                services: services, on: db)
        }
        services.generator.schedule(try job.requireID())
        let shown = try await Persona.find(personaID, on: req.db) ?? persona
        let response = Response(status: .accepted)
        try response.content.encode(PersonaController.Shown(persona: try await PersonaController.detail(req, shown)))
        return response
    }

    /// The regeneration's job, reserved against the quota, with the persona moved back to work and
    /// the event that says so; refused while the portrait is still being made. `otherPhoto` is
    /// whether the instruction asks for another source photo.
    private static func queueRegeneration(
        index: Int, instruction: String?, otherPhoto: Bool, personaID: UUID, services: InflioServices,
        on db: any Database
    ) async throws -> GenerationJob {
        guard let persona = try await Persona.find(personaID, on: db) else {
            throw ServiceError.notFound("This persona")
        }
        // This portrait's attempts; for "another photo", every portrait's (which photos the
        // others show or may show). A persona keeps every attempt, so only that case reads them all.
        var jobs = GenerationJob.query(on: db).filter(\.$persona.$id == personaID)
        if !otherPhoto { jobs = jobs.filter(\.$scenarioIndex == index) }
        let latestJobs = PersonaRules.latestJobs(try await jobs.all())
        guard let latest = latestJobs.first(where: { $0.scenarioIndex == index }) else {
            throw ServiceError.notFound("This portrait")
        }
        var previous = try JSONDecoder().decode(PortraitRequest.self, from: Data(latest.request.utf8))
        if otherPhoto {
            previous = try await Self.anotherPhoto(
                previous, personaID: personaID, bestFirst: persona.metadata.referencePhotoUrls,
                latestJobs: latestJobs, on: db)
        }
        guard
            let regeneration = PortraitRules.regeneration(
                latest: try latest.snapshot(), request: previous, instruction: instruction,
                personaStatus: persona.status)
        else {
            throw Self.inProgress
        }
        let attempt = regeneration.attempt
        let job = GenerationJob(
            personaID: personaID, userID: persona.userID, scenarioIndex: attempt.scenarioIndex,
            attempt: attempt.attempt, retriesLeft: attempt.retriesLeft, provider: services.provider.name,
            request: try PortraitGenerator.encode(attempt.request))
        let quotas = services.quotas
        try await db.transaction { db in
            try await quotas.reserve(user: persona.userID, portraits: [attempt.request], newPersona: false, on: db)
            try await job.create(on: db)
            persona.move(to: regeneration.status, regeneration.stage)
            try await persona.save(on: db)
        }
        try await services.events.publish(regeneration.event, personaID: personaID, on: db)
        return job
    }

    /// The request with its references chosen for "another photo" among all the persona's
    /// (`ScenarioReferences.anotherPhoto`): not the photo this portrait shows now, nor, while
    /// another is left, one the other portraits show or may show once made.
    /// `bestFirst` is the references' order as the analysis ranked them (their image URLs);
    /// `latestJobs` each portrait's latest attempt.
    private static func anotherPhoto(
        _ request: PortraitRequest, personaID: UUID, bestFirst: [String], latestJobs: [GenerationJob],
        on db: any Database
    ) async throws -> PortraitRequest {
        guard let cast = request.references.first else { return request }
        let images = PersonaImage.bestFirst(
            try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID).all(), ranked: bestFirst)
        let shownImages = Set(latestJobs.compactMap(\.portraitImageID))
        var shows: [Int: String] = [:]
        for image in images where image.id.map(shownImages.contains) == true {
            if let index = image.metadata.scenarioIndex, let key = image.metadata.sourceKey { shows[index] = key }
        }
        let index = request.scenario.index
        let inUse = Set(shows.filter { $0.key != index }.values)
        // A portrait still being made shows no photo yet but will: two "another photo" asked in
        // quick succession should not both pick the same one. Its photo is known only once made,
        // so the ones it most likely shows (`PortraitRequest.likelySources`) are avoided, after those
        // shown. A job whose request does not decode says nothing here (the portrait's own error
        // is its job's).
        var pending = Set<String>()
        for job in latestJobs where job.scenarioIndex != index && !job.state.isFinished {
            guard let asked = try? JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8)) else {
                continue
            }
            pending.formUnion(asked.likelySources.map(\.location))
        }
        guard
            let references = ScenarioReferences.anotherPhoto(
                for: request.scenario, cast: cast, pool: images.compactMap(\.referencePhoto),
                leaving: Set([shows[index]].compactMap { $0 }), inUse: inUse, pending: pending)
        else { return request }
        return PortraitRequest(
            scenario: request.scenario, references: references, seed: request.seed, instruction: request.instruction)
    }

    /// Why a portrait cannot be regenerated or kept now.
    static let inProgress = ServiceError(
        .conflict, "portrait_in_progress", "This portrait is still being made; wait for it to finish.")

    /// The `:index` of the path: a scenario's position, 0 to 4.
    static func scenarioIndex(_ req: Request) throws -> Int {
        guard let index = req.parameters.get("index").flatMap(Int.init), PortraitScenario.all.indices.contains(index)
        else {
            throw ServiceError(.notFound, "not_found", "There is no portrait with that index; use 0 to 4.")
        }
        return index
    }
}
