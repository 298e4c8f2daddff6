import Fluent
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 13, finding 15: external identities have their own ids. A JWT whose `sub` equals a local
/// account's UUID signs in as a user of its own, never as that account.
@Suite struct ExternalIdentityTests {
    static let issuer = "https://clerk.inflio.test"

    @Test(arguments: TestDatabase.all)
    func aSubEqualToALocalUsersIDIsNotThatUser(database: TestDatabase) async throws {
        try await JWKSServer.with { jwks in
            let signing = try RSATestKey.make()
            jwks.publish([try signing.jwk(kid: "k1")])
            try await Self.withService(database, jwks) { service in

                let local = try await service.signUp()
                let localID = try await service.send(.GET, "/api/auth/me", token: local).content.get(
                    String.self, at: "user", "id")
                var personaID: String?
                if FacePhotos.available {
                    let created = try await service.createPersona(token: local, photos: try TestPhotos.obamaSet())
                    #expect(created.status == .created)
                    personaID = try created.decode(CreatedPersona.self).persona.id
                }

                let jwt = try await signing.token(kid: "k1", subject: localID, issuer: Self.issuer)
                let first = try await service.send(.GET, "/api/auth/me", token: jwt)
                #expect(first.status == .ok)
                let jwtID = try first.content.get(String.self, at: "user", "id")
                #expect(jwtID != localID, "the JWT signed in as the local account whose id is its sub")
                // Its own id, the same on the next request, and on a fresh token for the same sub.
                let again = try await signing.token(kid: "k1", subject: localID, issuer: Self.issuer)
                #expect(
                    try await service.send(.GET, "/api/auth/me", token: again).content.get(
                        String.self, at: "user", "id")
                        == jwtID)
                #expect(try await ExternalIdentity.query(on: service.app.db).count() == 1)

                let list = try await service.send(.GET, "/api/personas", token: jwt)
                #expect(list.status == .ok)
                #expect(try list.decode(PersonaList.self).personas.isEmpty, "the JWT sees the local user's personas")
                if let personaID {
                    let detail = try await service.send(.GET, "/api/personas/\(personaID)", token: jwt)
                    #expect(detail.status == .notFound)
                    // The owner still sees it.
                    #expect(try await service.send(.GET, "/api/personas/\(personaID)", token: local).status == .ok)
                }
            }
        }
    }

    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), arguments: TestDatabase.all)
    func aJWTUsersPersonasAreTheirsOnTheNextRequest(database: TestDatabase) async throws {
        try await JWKSServer.with { jwks in
            let signing = try RSATestKey.make()
            jwks.publish([try signing.jwk(kid: "k1")])
            try await Self.withService(database, jwks) { service in

                let token = try await signing.token(kid: "k1", subject: "user_2abc", issuer: Self.issuer)
                let consent = try await service.send(
                    .POST, "/api/onboarding/consent", token: token, json: ["accepted": true])
                #expect(consent.status == .ok)
                let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet())
                #expect(created.status == .created, "\(created.text)")
                let id = try created.decode(CreatedPersona.self).persona.id

                let later = try await signing.token(kid: "k1", subject: "user_2abc", issuer: Self.issuer)
                #expect(try await service.send(.GET, "/api/personas/\(id)", token: later).status == .ok)
                #expect(
                    try await service.send(.GET, "/api/personas", token: later).decode(PersonaList.self).personas.count
                        == 1)
                // Another subject of the same issuer does not.
                let other = try await signing.token(kid: "k1", subject: "user_3xyz", issuer: Self.issuer)
                #expect(try await service.send(.GET, "/api/personas/\(id)", token: other).status == .notFound)
            }
        }
    }

    /// A service that trusts `jwks` for `issuer`, stopped when `body` ends, however it ends.
    static func withService(
        _ database: TestDatabase, _ jwks: JWKSServer, _ body: (TestService) async throws -> Void
    ) async throws {
        let service = try await TestService.start(database) {
            $0.externalSignIn = ExternalSignIn(jwksURL: jwks.url, issuer: Self.issuer)
        }
        do {
            try await body(service)
            await service.stop()
        } catch {
            await service.stop()
            throw error
        }
    }
}
