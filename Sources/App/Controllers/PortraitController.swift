import Fluent
import PersonaKit
import Vapor

/// `POST /api/personas/:id/portraits/:index/regenerate` with an optional `{instruction}`.
enum PortraitController {
    struct Regeneration: Content { let instruction: String? }

    static func regenerate(_ req: Request) async throws -> Response {
        let persona = try await PersonaController.owned(req)
        let personaID = try persona.requireID()
        guard let index = req.parameters.get("index").flatMap(Int.init), PortraitScenario.all.indices.contains(index)
        else {
            throw ServiceError(.notFound, "not_found", "There is no portrait with that index; use 0 to 4.")
        }
        // No body is no instruction; a body that does not decode (`{"instruction": 12345}`) is
        // refused, never dropped.
        let hasBody = (req.body.data?.readableBytes ?? 0) > 0
        let instruction = (hasBody ? try req.content.decode(Regeneration.self) : nil)?.instruction?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let instruction, instruction.count > 500 {
            throw ServiceError(.badRequest, "instruction_too_long", "Keep the instruction under 500 characters.")
        }
        let jobs = try await GenerationJob.query(on: req.db).filter(\.$persona.$id == personaID).filter(
            \.$scenarioIndex == index
        ).all()
        guard let latest = jobs.max(by: { $0.attempt < $1.attempt }) else {
            throw ServiceError.notFound("This portrait")
        }
        guard latest.state.isFinished else {
            throw ServiceError(
                .conflict, "portrait_in_progress", "This portrait is still being made; wait for it to finish.")
        }
        let previous = try JSONDecoder().decode(PortraitRequest.self, from: Data(latest.request.utf8))
        let job = GenerationJob(
            personaID: personaID, userID: persona.userID, scenarioIndex: index, attempt: latest.attempt + 1,
            retriesLeft: 1,
            provider: req.inflio.provider.name,
            request: try PortraitGenerator.encode(
                PortraitRequest(
                    scenario: previous.scenario, references: previous.references,
                    seed: PortraitGenerator.nextSeed(after: previous.seed ^ UInt64(latest.attempt)),
                    instruction: instruction?.isEmpty == false ? instruction : nil)))
        let request = try JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8))
        let quotas = req.inflio.quotas
        try await req.db.transaction { db in
            try await quotas.reserve(user: persona.userID, portraits: [request], newPersona: false, on: db)
            try await job.create(on: db)
            persona.move(to: .analyzing, persona.status == .pendingUpload ? .generating : .regenerating)
            try await persona.save(on: db)
        }
        try await req.inflio.events.publish(
            "portrait_regenerating", personaID: personaID,
            data: .object([
                "index": .number(Double(index)), "attempt": .number(Double(job.attempt)),
                "instruction": instruction.map { .string($0) } ?? .null,
            ]), on: req.db)
        req.inflio.generator.schedule(try job.requireID())
        let response = Response(status: .accepted)
        try response.content.encode(PersonaController.Shown(persona: try await PersonaController.detail(req, persona)))
        return response
    }
}
