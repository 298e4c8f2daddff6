import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 18: the sessions and tokens page's routes. A new token is shown once and works at once;
/// revoking one stops it at once; nobody revokes another's.
@Suite struct AccountTokensTests {
    struct Listing: Decodable {
        struct Token: Decodable {
            let id: UUID
            let kind: String
            let name: String?
            let lastUsedAt: Date?
            let lastUsedFrom: String?
            let userAgent: String?
            let current: Bool
        }
        let tokens: [Token]
    }

    struct Created: Decodable {
        let token: String
        let listed: Listing.Token
    }

    func list(_ service: TestService, _ token: String) async throws -> [Listing.Token] {
        let response = try await service.send(.GET, "/api/account/tokens", token: token)
        #expect(response.status == .ok, "\(response.text)")
        return try response.decode(Listing.self).tokens
    }

    @Test(arguments: TestDatabase.all)
    func aNamedTokenWorksAtOnceAndStopsWhenRevoked(_ database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let session = try await service.signUp()
            let before = try await list(service, session)
            #expect(before.count == 1 && before[0].kind == "session" && before[0].current)
            #expect(before[0].lastUsedFrom == "127.0.0.1")

            let made = try await service.send(
                .POST, "/api/account/tokens", token: session, json: ["name": " deploy ", "password": "correct horse"])
            #expect(made.status == .created, "\(made.text)")
            let created = try made.decode(Created.self)
            #expect(created.listed.name == "deploy" && created.listed.kind == "api" && !created.listed.current)
            #expect(try await service.send(.GET, "/api/personas", token: created.token).status == .ok)

            let listed = try await list(service, session)
            #expect(listed.count == 2)
            let api = try #require(listed.first { $0.kind == "api" })
            #expect(api.lastUsedAt != nil && api.lastUsedFrom == "127.0.0.1", "its use was noted")
            #expect(!listed.contains { $0.name == created.token }, "the token itself is never listed")

            let revoked = try await service.send(.DELETE, "/api/account/tokens/\(api.id)", token: session)
            #expect(revoked.status == .ok, "\(revoked.text)")
            #expect(try await service.send(.GET, "/api/personas", token: created.token).status == .unauthorized)
            #expect(try await list(service, session).count == 1)

            // Revoking the session in use signs this caller out, cookie and all.
            let own = try await service.send(.DELETE, "/api/account/tokens/\(before[0].id)", token: session)
            #expect(own.status == .ok && own.headers.setCookie?[TokenAuthenticator.cookieName]?.string == "")
            #expect(own.headers.setCookie?[SessionCookies.hintName]?.string == "", "its readable twin goes too")
            #expect(try await service.send(.GET, "/api/auth/me", token: session).status == .unauthorized)
        }
    }

    @Test func namesAreCheckedAndOthersTokensAreNotFound() async throws {
        try await TestService.with { service in
            let alice = try await service.signUp()
            let bob = try await service.signUp()
            let noPassword = try await service.send(.POST, "/api/account/tokens", token: alice, json: ["name": "x"])
            #expect(noPassword.status == .forbidden && noPassword.errorCode == "wrong_password", "a session alone")
            for name in ["", "   ", String(repeating: "x", count: 61), "line\nbreak", "bidi\u{202E}txt"] {
                let refused = try await service.send(
                    .POST, "/api/account/tokens", token: alice, json: ["name": name, "password": "correct horse"])
                #expect(refused.status == .badRequest && refused.errorCode == "invalid_token_name", "\(name)")
            }
            let bobs = try await list(service, bob)[0].id
            let attempt = try await service.send(.DELETE, "/api/account/tokens/\(bobs)", token: alice)
            #expect(attempt.status == .notFound)
            #expect(try await service.send(.GET, "/api/auth/me", token: bob).status == .ok)
            #expect(try await service.send(.GET, "/api/account/tokens").status == .unauthorized)
        }
    }

    @Test func theCommandLineListsAndRevokes() async throws {
        try await TestService.with { service in
            let email = "cli-tokens@example.com"
            let session = try await service.signUp(email)
            let listed = try await AccountCommands.tokens(app: service.app, email: email)
            #expect(listed.map(\.kind) == ["session"])
            #expect(try await AccountCommands.revoke(app: service.app, email: email, tokenID: listed[0].id))
            #expect(try await !AccountCommands.revoke(app: service.app, email: email, tokenID: listed[0].id))
            #expect(try await service.send(.GET, "/api/auth/me", token: session).status == .unauthorized)
        }
    }
}
