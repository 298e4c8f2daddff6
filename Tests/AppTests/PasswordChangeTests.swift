import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 18: changing a password needs the current one; the old one stops working at once, every
/// other session is signed out, the one making the change stays, API tokens stay.
@Suite struct PasswordChangeTests {
    static let old = "correct horse"
    static let new = "a brand new battery staple"

    func login(_ service: TestService, _ email: String, _ password: String) async throws -> ClientResponse {
        try await service.send(.POST, "/api/auth/login", json: ["email": email, "password": password])
    }

    @Test(arguments: TestDatabase.all)
    func theOldPasswordAndOtherSessionsStopWorking(_ database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let email = "changer@example.com"
            let current = try await service.signUp(email)
            let otherSession = try #require(try await login(service, email, Self.old).decode(SignedIn.self).token)
            let user = try #require(try await User.query(on: service.app.db).filter(\.$email == email).first())
            let apiToken = try await service.app.accounts().issueToken(for: user, kind: .api, name: "script")

            let wrong = try await service.send(
                .POST, "/api/account/password", token: current,
                json: ["currentPassword": "not it at all", "newPassword": Self.new])
            #expect(wrong.status == .forbidden && wrong.errorCode == "wrong_password", "\(wrong.text)")
            let weak = try await service.send(
                .POST, "/api/account/password", token: current,
                json: ["currentPassword": Self.old, "newPassword": "short"])
            #expect(weak.status == .badRequest && weak.errorCode == "weak_password", "\(weak.text)")
            #expect(try await login(service, email, Self.old).status == .ok, "nothing changed yet")

            let changed = try await service.send(
                .POST, "/api/account/password", token: current,
                json: ["currentPassword": Self.old, "newPassword": Self.new])
            #expect(changed.status == .ok, "\(changed.text)")

            let refused = try await login(service, email, Self.old)
            #expect(refused.status == .unauthorized && refused.errorCode == "invalid_credentials")
            #expect(try await login(service, email, Self.new).status == .ok)
            #expect(try await service.send(.GET, "/api/auth/me", token: current).status == .ok, "this session stays")
            #expect(try await service.send(.GET, "/api/auth/me", token: otherSession).status == .unauthorized)
            #expect(try await service.send(.GET, "/api/auth/me", token: apiToken).status == .ok, "API tokens stay")
        }
    }

    /// A JWT user has no password here: changing one is refused, and deleting the account asks for
    /// a recent sign-in at the identity provider instead.
    @Test func anIdentityProvidersUserChangesNothingHereAndDeletesAfterSigningInAgain() async throws {
        try await JWKSServer.with { jwks in
            let signing = try RSATestKey.make()
            try jwks.publish([signing.jwk(kid: "k1")])
            let issuer = ExternalSignInTests.issuer
            let service = try await TestService.start {
                $0.externalSignIn = ExternalSignIn(jwksURL: jwks.url, issuer: issuer)
            }
            defer { Task { await service.stop() } }
            let stale = try await signing.token(
                kid: "k1", subject: "user_x", issuer: issuer, authTime: Date().addingTimeInterval(-3600))
            let unproved = try await signing.token(kid: "k1", subject: "user_x", issuer: issuer)
            let fresh = try await signing.token(kid: "k1", subject: "user_x", issuer: issuer, authTime: Date())

            let change = try await service.send(
                .POST, "/api/account/password", token: fresh, json: ["currentPassword": "x", "newPassword": Self.new])
            #expect(change.status == .conflict && change.errorCode == "external_account", "\(change.text)")
            _ = try await service.send(.POST, "/api/onboarding/consent", token: fresh, json: ["accepted": true])
            #expect(try await ExternalIdentity.query(on: service.app.db).count() == 1)

            let confirm = ["confirmEmail": "user_x@example.com"]
            for token in [stale, unproved] {
                let refused = try await service.send(.POST, "/api/account/delete", token: token, json: confirm)
                #expect(refused.status == .forbidden && refused.errorCode == "reauthentication_required")
            }
            let deleted = try await service.send(.POST, "/api/account/delete", token: fresh, json: confirm)
            #expect(deleted.status == .ok, "\(deleted.text)")
            #expect(try await ExternalIdentity.query(on: service.app.db).count() == 0)
            #expect(try await OnboardingProgress.query(on: service.app.db).count() == 0)

            // Without an email claim, the word DELETE is typed instead.
            let nameless = try await signing.token(
                kid: "k1", subject: "user_y", issuer: issuer, authTime: Date(), email: false)
            let blank = try await service.send(
                .POST, "/api/account/delete", token: nameless, json: ["confirmEmail": ""])
            #expect(blank.status == .badRequest && blank.errorCode == "confirmation_mismatch")
            let typed = try await service.send(
                .POST, "/api/account/delete", token: nameless, json: ["confirmEmail": "delete"])
            #expect(typed.status == .ok, "\(typed.text)")
        }
    }

    @Test func theOperatorResetsAPasswordWithoutMail() async throws {
        try await TestService.with { service in
            let email = "locked-out@example.com"
            let session = try await service.signUp(email)
            try await AccountCommands.resetPassword(app: service.app, email: email, password: Self.new)
            #expect(try await service.send(.GET, "/api/auth/me", token: session).status == .unauthorized)
            #expect(try await login(service, email, Self.old).status == .unauthorized)
            #expect(try await login(service, email, Self.new).status == .ok)
            await #expect(throws: ServiceError.self) {
                try await AccountCommands.resetPassword(app: service.app, email: email, password: "short")
            }
            await #expect(throws: ServiceError.self) {
                try await AccountCommands.resetPassword(
                    app: service.app, email: "nobody@example.com", password: Self.new)
            }
            let options = try await service.send(.GET, "/api/auth/options")
            #expect(options.text.contains(#""passwordResetByMail":false"#), "\(options.text)")
            let asked = try await service.send(.POST, "/api/auth/reset", json: ["email": email])
            #expect(asked.status == .notFound && asked.errorCode == "reset_unavailable", "\(asked.text)")
        }
    }
}
