import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 13's audit log: each security event is written once, with who and from where, and
/// never a password or a token.
@Suite struct AuditTests {
    static func kinds(_ service: TestService) async throws -> [String] {
        try await AuditEvent.query(on: service.app.db).sort(\.$createdAt).all().map(\.kind.rawValue)
    }

    @Test func securityEventsAreWritten() async throws {
        try await TestService.with { service in
            let password = "long enough pass"
            let signup = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "Audit@Example.com", "password": password])
            #expect(signup.status == .created)
            let token = try #require(try signup.content.get(String?.self, at: "token"))
            #expect(try await Self.kinds(service) == ["account_created", "token_created"])

            let wrong = try await service.send(
                .POST, "/api/auth/login", json: ["email": "audit@example.com", "password": "not the one at all"])
            #expect(wrong.status == .unauthorized)
            let right = try await service.send(
                .POST, "/api/auth/login", json: ["email": "audit@example.com", "password": password])
            #expect(right.status == .ok)
            _ = try await service.send(.POST, "/api/auth/logout", token: token)
            var crossSite = HTTPHeaders()
            crossSite.cookie = HTTPCookies(dictionaryLiteral: ("inflio_session", .init(string: "anything")))
            crossSite.add(name: .origin, value: "https://evil.example")
            let refused = try await service.send(.POST, "/api/personas", headers: crossSite, json: ["name": "x"])
            #expect(refused.status == .forbidden)

            let events = try await AuditEvent.query(on: service.app.db).sort(\.$createdAt).all()
            #expect(
                events.map(\.kind.rawValue) == [
                    "account_created", "token_created", "sign_in_failed", "sign_in", "token_created", "token_revoked",
                    "cross_site_refused",
                ], "\(events.map(\.kind.rawValue))")
            let failed = try #require(events.first { $0.kind == .signInFailed })
            #expect(failed.account == "audit@example.com" && failed.ip == "127.0.0.1")
            #expect(events.first { $0.kind == .crossSiteRefused }?.detail?.contains("/api/personas") == true)
            // Nothing secret in any line.
            let written = events.map { [$0.account, $0.detail, $0.userID, $0.ip].compactMap { $0 }.joined() }.joined()
            #expect(!written.contains(password) && !written.contains(token))

            let report = try await AuditReport.load(app: service.app, kind: "sign_in_failed", account: nil, limit: 10)
            #expect(report.events.count == 1 && report.text.contains("audit@example.com"))
            let mine = try await AuditReport.load(
                app: service.app, kind: nil, account: "AUDIT@example.com", limit: 10)
            #expect(mine.events.count == 3, "\(mine.events.map(\.kind))")
        }
    }

    /// Throttled sign-ins, quota refusals and deletions are written too.
    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func throttlingQuotasAndDeletionsAreWritten() async throws {
        let service = try await TestService.start { $0.quotas.personasPerDay = 1 }
        do {
            let token = try await service.signUp("owner@example.com")
            service.app.inflio.limiter.freeze(at: Date())
            for _ in 0..<11 {
                _ = try await service.send(
                    .POST, "/api/auth/login", json: ["email": "owner@example.com", "password": "a wrong password"])
            }
            let photos = try TestPhotos.obamaSet()
            let created = try await service.createPersona(token: token, photos: photos, wait: true)
            let id = try created.decode(CreatedPersona.self).persona.id
            #expect(try await service.createPersona(token: token, photos: photos).status == .tooManyRequests)
            #expect(try await service.send(.DELETE, "/api/personas/\(id)", token: token).status == .ok)

            let kinds = try await Self.kinds(service)
            #expect(kinds.filter { $0 == "sign_in_failed" }.count == 10)
            #expect(kinds.filter { $0 == "sign_in_throttled" }.count == 1)
            let quota = try await AuditEvent.query(on: service.app.db).filter(\.$kind == .quotaHit).all()
            #expect(quota.count == 1 && quota.first?.detail?.hasPrefix("daily_persona_limit") == true)
            #expect(quota.first?.userID != nil)
            let deleted = try await AuditEvent.query(on: service.app.db).filter(\.$kind == .personaDeleted).all()
            #expect(
                deleted.map(\.detail) == [id.uppercased()] || deleted.map(\.detail) == [id], "\(deleted.map(\.detail))")
        } catch {
            await service.stop()
            throw error
        }
        await service.stop()
    }
}
