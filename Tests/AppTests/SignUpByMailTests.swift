import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 13, finding 2, with mail configured: a sign-up is answered the same whether or not the
/// address has an account; the mail says which, and only the mailed link makes the account.
/// Against a real SMTP server (aiosmtpd).
@Suite(.enabled(if: LocalSMTPServer.available, "needs Debian's python3-aiosmtpd (scripts/setup.sh installs it)"))
struct SignUpByMailTests {
    static let password = "correct horse"

    func signUp(_ service: TestService, _ email: String) async throws -> ClientResponse {
        try await service.send(.POST, "/api/auth/signup", json: ["email": email, "password": Self.password])
    }

    struct Answer: Decodable, Equatable {
        let success: Bool
        let status: String
        let email: String
        let message: String
    }

    @Test func aTakenAddressGetsTheSameAnswerAndTheMailTellsTheOwner() async throws {
        try await TestService.withMail { service, smtp in
            _ = try await service.app.accounts().createUser(email: "owner@example.com", password: Self.password)
            let new = try await signUp(service, "New@Example.com")
            let taken = try await signUp(service, "owner@example.com")
            for answer in [new, taken] {
                #expect(answer.status == .accepted, "\(answer.text)")
                #expect(answer.headers.setCookie == nil)
            }
            let answers = try [new, taken].map { try $0.decode(Answer.self) }
            #expect(answers.map(\.status) == ["confirm_email", "confirm_email"])
            // The same words, but for the address.
            #expect(
                answers[0].message.replacingOccurrences(of: "new@example.com", with: "X")
                    == answers[1].message.replacingOccurrences(of: "owner@example.com", with: "X"))
            #expect(try await User.query(on: service.app.db).count() == 1)

            let mails = try await smtp.waitForMails(2)
            let owner = try #require(mails.first { $0.recipient == "owner@example.com" })
            #expect(owner.body.contains("already has one") && !owner.body.contains("confirm="), "\(owner.body)")
            let invitation = try #require(mails.first { $0.recipient == "new@example.com" })
            #expect(invitation.subject == "Finish creating your Inflio Personas account")
            let token = try #require(
                invitation.body.firstMatch(of: /http:\/\/127\.0\.0\.1:9\/\?confirm=([A-Za-z0-9_-]+)/)?.1)

            // The page shows whose account the link makes, then makes it.
            let pending = try await service.send(.GET, "/api/auth/confirm?token=\(token)")
            #expect(pending.status == .ok && pending.text.contains("new@example.com"), "\(pending.text)")
            let confirmed = try await service.send(.POST, "/api/auth/confirm", json: ["token": String(token)])
            #expect(confirmed.status == .created, "\(confirmed.text)")
            let session = try #require(try confirmed.decode(SignedIn.self).token)
            #expect(try await service.send(.GET, "/api/auth/me", token: session).status == .ok)
            let login = try await service.send(
                .POST, "/api/auth/login", json: ["email": "new@example.com", "password": Self.password])
            #expect(login.status == .ok, "\(login.text)")

            // A link works once; a made-up one never.
            for used in [String(token), "inf_made-up"] {
                let again = try await service.send(.POST, "/api/auth/confirm", json: ["token": used])
                #expect(again.status == .badRequest && again.errorCode == "invalid_link", "\(again.text)")
            }
            #expect(try await PendingSignUp.query(on: service.app.db).count() == 0)
        }
    }

    @Test func checksStillComeFirstAndNothingIsMailed() async throws {
        try await TestService.withMail { service, smtp in
            let weak = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "a@example.com", "password": "short"])
            #expect(weak.status == .badRequest && weak.errorCode == "weak_password", "\(weak.text)")
            let invalid = try await signUp(service, "x@@@y")
            #expect(invalid.status == .badRequest && invalid.errorCode == "invalid_email", "\(invalid.text)")
            try await Task.sleep(for: .milliseconds(500))
            #expect(smtp.mails().isEmpty)
            #expect(try await PendingSignUp.query(on: service.app.db).count() == 0)
        }
    }
}
