import Fluent
import TestSupport
import Testing
import Vapor

@testable import App

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct PersonaLifecycleTests {
    @Test(arguments: TestDatabase.all)
    func renameDefaultRegenerateAndDelete(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            let id = try created.decode(CreatedPersona.self).persona.id
            let uuid = try #require(UUID(uuidString: id))

            let renamed = try await service.send(
                .PATCH, "/api/personas/\(id)", token: token,
                json: ["name": "Studio me", "description": "for thumbnails"])
            #expect(renamed.status == .ok)
            #expect(try renamed.decode(PersonaDetail.self).persona.name == "Studio me")
            let empty = try await service.send(.PATCH, "/api/personas/\(id)", token: token, json: ["name": "  "])
            #expect(empty.status == .badRequest && empty.errorCode == "missing_name")

            #expect(try await service.send(.POST, "/api/personas/\(id)/default", token: token).status == .ok)
            let profile = try await UserProfile.query(on: service.app.db).first()
            #expect(profile?.defaultPersonaID == uuid)
            let listed = try await service.send(.GET, "/api/personas", token: token).decode(PersonaList.self).personas
            #expect(listed.first?.isDefault == true)

            // Regenerating one portrait keeps the earlier attempt in its history.
            let badIndex = try await service.send(
                .POST, "/api/personas/\(id)/portraits/7/regenerate", token: token, json: ["instruction": "x"])
            #expect(badIndex.status == .notFound)
            // The offline studio refuses what it cannot do at all, and queues nothing.
            let outfit = try await service.send(
                .POST, "/api/personas/\(id)/portraits/2/regenerate", token: token,
                json: ["instruction": "put me in a navy blazer"])
            #expect(outfit.status == .unprocessableEntity && outfit.errorCode == "instruction_not_supported")
            #expect(outfit.text.contains("FAL_KEY"), "\(outfit.text)")
            // The reasons and the list of what it can change apart, for a page to show briefly.
            let refusal = try outfit.decode(RefusalBody.self).error.details
            #expect(refusal.reasons.count == 1 && refusal.reasons[0].hasPrefix("Clothing and accessories need"))
            #expect(refusal.canChange.hasPrefix("The offline studio can change:"))
            // The creator's reason in plain words; the setting apart, for whoever runs the server.
            #expect(!refusal.reasons[0].contains("FAL_KEY") && refusal.connect.contains("FAL_KEY"))
            #expect(try await GenerationJob.query(on: service.app.db).filter(\.$scenarioIndex == 2).count() == 1)
            let regenerate = try await service.send(
                .POST, "/api/personas/\(id)/portraits/2/regenerate", token: token,
                json: ["instruction": "more dramatic lighting, navy blazer"])
            #expect(regenerate.status == .accepted)
            let stream = ServerSentEvents.parse(
                try await service.send(
                    .GET, "/api/personas/\(id)/events", token: token,
                    headers: ["Last-Event-ID": "\(try await lastEventID(service, uuid) - 1)"]
                ).text)
            #expect(stream.last?.type == "persona_ready")
            await service.app.inflio.generator.drain()
            // Asked from the start (a page that knows no event id yet), the stream goes past the
            // first persona_ready to the regeneration's, and ends there.
            let whole = ServerSentEvents.parse(
                try await service.send(.GET, "/api/personas/\(id)/events", token: token).text)
            #expect(whole.filter { $0.type == "persona_ready" }.count == 2, "\(whole.map(\.type))")
            #expect(whole.last?.type == "persona_ready" && whole.contains { $0.type == "portrait_regenerating" })
            let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
                .persona
            #expect(detail.status == "ready")
            let portrait = detail.portraits[2]
            #expect(portrait.attempts == 2)
            #expect(portrait.history.count == 2)
            // Each attempt says what it was asked with: the first nothing, the second the words.
            #expect(portrait.history.map(\.instruction) == [nil, "more dramatic lighting, navy blazer"])
            // What it did not do is said beside the portrait.
            #expect(portrait.instructionNotes.count == 1, "\(portrait.instructionNotes)")
            #expect(portrait.instructionNotes.first?.hasPrefix("Clothing and accessories need") == true)
            let job = try await GenerationJob.query(on: service.app.db).filter(\.$scenarioIndex == 2).filter(
                \.$attempt == 2
            ).first()
            #expect(job?.request.contains("more dramatic lighting") == true)

            // Delete: rows and files gone; the ledger stays as accounting.
            let folder = service.config.blobDirectory + "/personas/" + id.lowercased()
            #expect(FileManager.default.fileExists(atPath: folder))
            #expect(try await service.send(.DELETE, "/api/personas/\(id)", token: token).status == .ok)
            #expect(!FileManager.default.fileExists(atPath: folder))
            let counts = try await service.storedCounts()
            #expect(
                counts.personas == 0 && counts.images == 0 && counts.jobs == 0 && counts.events == 0
                    && counts.files == 0, "\(counts)")
            #expect(try await UserProfile.query(on: service.app.db).first()?.defaultPersonaID == nil)
            #expect(try await LedgerEntry.query(on: service.app.db).count() == 6)
            #expect(try await service.send(.GET, "/api/personas/\(id)", token: token).status == .notFound)
        }
    }

    func lastEventID(_ service: TestService, _ personaID: UUID) async throws -> Int {
        try await PersonaEventRecord.query(on: service.app.db).filter(\.$persona.$id == personaID).sort(
            \.$id, .descending
        )
        .first()?.id ?? 0
    }
}

/// An `instruction_not_supported` answer's details.
private struct RefusalBody: Decodable {
    struct Refusal: Decodable {
        let reasons: [String]
        let canChange: String
        let connect: String
    }
    struct Failure: Decodable { let details: Refusal }
    let error: Failure
}
