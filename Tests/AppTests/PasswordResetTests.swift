import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 18: password reset by a mailed link, against a real SMTP server (aiosmtpd): the same
/// answer for every address, a link that works once and for an hour, every session signed out.
@Suite(.enabled(if: LocalSMTPServer.available, "needs Debian's python3-aiosmtpd (scripts/setup.sh installs it)"))
struct PasswordResetTests {
    static let old = "correct horse"
    static let new = "a brand new battery staple"

    func ask(_ service: TestService, _ email: String) async throws -> ClientResponse {
        try await service.send(.POST, "/api/auth/reset", json: ["email": email])
    }

    func linkToken(_ mail: LocalSMTPServer.Mail) throws -> String {
        String(try #require(mail.body.firstMatch(of: /http:\/\/127\.0\.0\.1:9\/\?reset=([A-Za-z0-9_-]+)/)?.1))
    }

    @Test(arguments: TestDatabase.all)
    func aLinkResetsOnceAndSignsEveryoneOut(_ database: TestDatabase) async throws {
        try await TestService.withMail(database) { service, smtp in
            let user = try await service.app.accounts().createUser(email: "owner@example.com", password: Self.old)
            let session = try await service.app.accounts().issueToken(for: user, kind: .session)

            let known = try await ask(service, "Owner@Example.com")
            let unknown = try await ask(service, "stranger@example.com")
            for answer in [known, unknown] { #expect(answer.status == .accepted, "\(answer.text)") }
            #expect(
                known.text.replacingOccurrences(of: "owner@example.com", with: "X")
                    == unknown.text.replacingOccurrences(of: "stranger@example.com", with: "X"))

            let mails = try await smtp.waitForMails(1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(smtp.mails().count == 1, "only the account's owner is mailed")
            let mail = try #require(mails.first)
            #expect(mail.recipient == "owner@example.com" && mail.subject == "Reset your Inflio Personas password")
            let token = try linkToken(mail)
            #expect(try await PasswordReset.query(on: service.app.db).first()?.tokenHash == Tokens.hash(token))

            let pending = try await service.send(.GET, "/api/auth/reset?token=\(token)")
            #expect(pending.status == .ok && pending.text.contains("owner@example.com"), "\(pending.text)")
            let weak = try await service.send(
                .POST, "/api/auth/reset/complete", json: ["token": token, "password": "short"])
            #expect(weak.errorCode == "weak_password", "a refused password leaves the link usable")
            let done = try await service.send(
                .POST, "/api/auth/reset/complete", json: ["token": token, "password": Self.new])
            #expect(done.status == .ok, "\(done.text)")
            let signedIn = try #require(try done.decode(SignedIn.self).token)
            #expect(try await service.send(.GET, "/api/auth/me", token: signedIn).status == .ok)
            #expect(try await service.send(.GET, "/api/auth/me", token: session).status == .unauthorized)

            let oldLogin = try await service.send(
                .POST, "/api/auth/login", json: ["email": "owner@example.com", "password": Self.old])
            #expect(oldLogin.status == .unauthorized)
            let again = try await service.send(
                .POST, "/api/auth/reset/complete", json: ["token": token, "password": "yet another long password"])
            #expect(again.status == .badRequest && again.errorCode == "invalid_link", "\(again.text)")
        }
    }

    @Test func anExpiredLinkIsRefused() async throws {
        try await TestService.withMail { service, smtp in
            _ = try await service.app.accounts().createUser(email: "late@example.com", password: Self.old)
            _ = try await ask(service, "late@example.com")
            let token = try linkToken(try #require(try await smtp.waitForMails(1).first))
            let reset = try #require(try await PasswordReset.query(on: service.app.db).first())
            reset.expiresAt = Date().addingTimeInterval(-1)
            try await reset.save(on: service.app.db)
            for answer in [
                try await service.send(.GET, "/api/auth/reset?token=\(token)"),
                try await service.send(
                    .POST, "/api/auth/reset/complete", json: ["token": token, "password": Self.new]),
            ] {
                #expect(answer.status == .badRequest && answer.errorCode == "invalid_link", "\(answer.text)")
            }
        }
    }

    @Test func askingIsThrottledPerAddressWhateverItIs() async throws {
        try await TestService.withMail { service, _ in
            for email in ["someone@example.com", "nobody-here@example.com"] {
                for _ in 0..<3 { #expect(try await ask(service, email).status == .accepted) }
                let fourth = try await ask(service, email)
                #expect(fourth.status == .tooManyRequests && fourth.errorCode == "too_many_reset_requests")
                #expect(fourth.headers.first(name: "Retry-After") != nil)
            }
        }
    }
}
