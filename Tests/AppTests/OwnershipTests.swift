import TestSupport
import Testing
import Vapor

@testable import App

/// Another user's persona, image, event stream or media file answers exactly like a missing one.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct OwnershipTests {
    @Test(arguments: TestDatabase.all)
    func anotherUserGets404Everywhere(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let owner = try await service.signUp()
            let stranger = try await service.signUp()
            let created = try await service.createPersona(token: owner, photos: try TestPhotos.obamaSet(), wait: true)
            let id = try created.decode(CreatedPersona.self).persona.id
            let detail = try await service.send(.GET, "/api/personas/\(id)", token: owner).decode(PersonaDetail.self)
                .persona
            let signed = try #require(detail.photos.first?.url)
            let plain = String(signed.split(separator: "?")[0])

            let attempts: [(HTTPMethod, String, (any Encodable)?)] = [
                (.GET, "/api/personas/\(id)", nil),
                (.PATCH, "/api/personas/\(id)", ["name": "stolen"]),
                (.DELETE, "/api/personas/\(id)", nil),
                (.POST, "/api/personas/\(id)/default", nil),
                (.GET, "/api/personas/\(id)/events", nil),
                (.POST, "/api/personas/\(id)/portraits/0/regenerate", ["instruction": "x"]),
                (.GET, plain, nil),
            ]
            for (method, path, json) in attempts {
                let response = try await service.send(method, path, token: stranger, json: json)
                #expect(response.status == .notFound, "\(method) \(path) → \(response.status)")
                #expect(response.errorCode == "not_found")
            }
            // A stranger's list and usage are their own (empty).
            #expect(
                try await service.send(.GET, "/api/personas", token: stranger).decode(PersonaList.self).personas.isEmpty
            )
            #expect(try await service.send(.GET, "/api/usage", token: stranger).decode(Usage.self).entries.isEmpty)

            // Media: the owner without a signature, anyone with a valid one; a forged or expired one fails.
            #expect(try await service.send(.GET, plain, token: owner).status == .ok)
            #expect(try await service.send(.GET, plain).status == .notFound)
            #expect(try await service.send(.GET, signed).status == .ok)
            // Change the signature's last digit to a different one.
            let last = signed.last!
            let forged = String(signed.dropLast()) + (last == "0" ? "1" : "0")
            #expect(forged != signed)
            #expect(try await service.send(.GET, forged).status == .notFound)
            let imageID = try #require(UUID(uuidString: String(plain.split(separator: "/").last!)))
            let expired = service.app.inflio.signer.url(for: imageID, now: Date().addingTimeInterval(-2 * 3600))
            #expect(try await service.send(.GET, expired).status == .notFound)

            // Nothing changed for the owner.
            let after = try await service.send(.GET, "/api/personas/\(id)", token: owner).decode(PersonaDetail.self)
                .persona
            #expect(after.name == "Me")
        }
    }
}
