import Fluent
import PersonaKit
import TestSupport
import Testing
import Vapor

@testable import App

/// "Another photo" draws on all the persona's references, not only the 2–4 of the portrait's
/// request: a tester's casual portrait became the photo the headshot already showed.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct AnotherPhotoTests {
    @Test func anotherPhotoIsOneNoOtherPortraitShows() async throws {
        try await TestService.with(.sqlite) { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            let id = try created.decode(CreatedPersona.self).persona.id
            func sources() async throws -> [String?] {
                try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self).persona
                    .portraits.map(\.sourcePhotoId.value)
            }
            let before = try await sources()
            // Six references, five portraits: at least one photo is shown by none.
            #expect(before.allSatisfy { $0 != nil } && Set(before).count >= 4, "\(before)")
            for index in [1, 4] {
                let shown = try await sources()
                let asked = try await service.send(
                    .POST, "/api/personas/\(id)/portraits/\(index)/regenerate", token: token,
                    json: ["instruction": "another photo"])
                #expect(asked.status == .accepted, "\(asked.text)")
                await service.app.inflio.generator.drain()
                let after = try await sources()
                let others = Set(shown.enumerated().filter { $0.offset != index }.map(\.element))
                #expect(after[index] != nil && after[index] != shown[index], "\(index): \(shown) → \(after)")
                #expect(
                    !others.contains(after[index]), "\(index) repeats another portrait's photo: \(shown) → \(after)")
                let job = try await GenerationJob.query(on: service.app.db).filter(\.$scenarioIndex == index)
                    .sort(\.$attempt, .descending).first()
                let request = try JSONDecoder().decode(PortraitRequest.self, from: Data(try #require(job).request.utf8))
                #expect((2...4).contains(request.references.count))
            }
        }
    }
}
