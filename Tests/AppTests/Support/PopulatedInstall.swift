import Foundation
import NIOConcurrencyHelpers
import TestSupport
import Testing
import Vapor

@testable import App

/// A running service holding a bit of everything a real install holds: an account with a session
/// and a named API token, onboarding progress and funnel events, a brand, and a ready persona
/// (photos, five portraits from the local provider, jobs, ledger lines, events).
struct PopulatedInstall: Sendable {
    let service: TestService
    /// The account's API token (works on a restored copy too: its hash is a row).
    let token: String
    let personaID: String

    static func make(_ database: TestDatabase = .sqlite, configure: (inout ServiceConfig) -> Void = { _ in })
        async throws -> PopulatedInstall
    {
        let service = try await TestService.start(database, configure: configure)
        do {
            let session = try await service.signUp()
            let profile = try await service.send(
                .PUT, "/api/onboarding/profile", token: session, json: ["displayName": "Ada L", "niche": "tech"])
            #expect(profile.status == .ok, "\(profile.text)")
            let brand = try await service.send(
                .PUT, "/api/brand", token: session, json: OnboardingTests.questionnaireBody)
            #expect(brand.status == .ok, "\(brand.text)")
            let made = try await service.send(
                .POST, "/api/account/tokens", token: session,
                json: ["name": "backup test", "password": "correct horse"])
            #expect(made.status == .created, "\(made.text)")
            let token = try made.decode(NamedToken.self).token
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            guard created.status == .created else { throw TestFailure("create: \(created.status) \(created.text)") }
            let id = try created.decode(CreatedPersona.self).persona.id
            // Every job's last write (ledger line, event) done before anything reads the rows.
            await service.app.inflio.generator.drain()
            return PopulatedInstall(service: service, token: token, personaID: id)
        } catch {
            await service.stop()
            throw error
        }
    }

    /// One install for every test of a suite that only reads it (made once: a persona takes a while).
    /// It runs until the test process ends, which then removes its data folder.
    static let shared = Task {
        let install = try await PopulatedInstall.make()
        leftovers.withLockedValue { $0.append(install.service.config.dataDirectory) }
        atexit {
            for folder in PopulatedInstall.leftovers.withLockedValue({ $0 }) {
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
        return install
    }
    private static let leftovers = NIOLockedValueBox<[String]>([])

    private struct NamedToken: Decodable {
        let token: String
    }

    /// `GET /api/personas/:id`'s body, keys sorted, with the signed links' query strings (signed
    /// with each install's own key, and expiring) cut off.
    static func personaJSON(_ service: TestService, token: String, id: String) async throws -> String {
        let response = try await service.send(.GET, "/api/personas/\(id)", token: token)
        guard response.status == .ok else { throw TestFailure("GET persona: \(response.status) \(response.text)") }
        let tree = try JSONSerialization.jsonObject(with: Data(response.bytes), options: [.fragmentsAllowed])
        let stripped = withoutLinkQueries(tree)
        return String(
            decoding: try JSONSerialization.data(withJSONObject: stripped, options: [.sortedKeys]), as: UTF8.self)
    }

    private static func withoutLinkQueries(_ value: Any) -> Any {
        switch value {
        case let text as String where text.contains("/media/"):
            return text.split(separator: "?", maxSplits: 1).first.map(String.init) ?? text
        case let array as [Any]:
            return array.map(withoutLinkQueries)
        case let object as [String: Any]:
            return object.mapValues(withoutLinkQueries)
        default:
            return value
        }
    }
}
