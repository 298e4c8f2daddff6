import FAL
import FakeFAL
import Foundation
import PersonaKit
import Providers
import TestSupport
import Testing
import Vapor

@testable import App

/// INFLIO_PROVIDER=fal against the protocol-faithful fake: whole personas, faults, webhooks.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), .serialized)
struct FALProviderTests {
    static let model = FALModel.nanoBananaProEdit

    /// A service whose provider is FAL, pointed at `fake`; `extra` adds or overrides variables.
    static func service(for fake: FakeFALServer, port: Int = 0, extra: [String: String] = [:]) async throws
        -> TestService
    {
        var environment = Dictionary(uniqueKeysWithValues: fake.environment)
        environment["FAL_POLL_INTERVAL_SECONDS"] = "0.2"
        environment["FAL_RETRY_BASE_SECONDS"] = "0.05"
        environment.merge(extra) { $1 }
        return try await TestService.start(port: port) { config in
            config.provider = "fal"
            config.environment = environment
        }
    }

    static func stats(_ fake: FakeFALServer) async throws -> FakeStats {
        try TypedJSON.decode(FakeStats.self, from: try await fake.statsJSON())
    }

    @Test func aWholePersonaIsMadeOnFALWithReferencesUploadedOnce() async throws {
        let (fake, _) = try await FakeFALServer.start(latency: 0.3, options: .init(), analyzer: TestService.analyzer)
        let service = try await Self.service(for: fake)
        defer {
            Task {
                await service.stop()
                await fake.stop()
            }
        }

        let token = try await service.signUp()
        let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
        let persona = try created.decode(CreatedPersona.self).persona
        #expect(persona.status == "ready", "\(created.text)")
        let id = persona.id
        let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
            .persona
        let portraits = detail.portraits
        #expect(portraits.count == 5 && portraits.allSatisfy { $0.state == "verified" }, "\(portraits)")
        // Stored in our own storage: served by us, not by FAL's expiring URLs.
        for portrait in portraits {
            let url = try #require(portrait.url)
            #expect(url.hasPrefix("/media/"))
            #expect(try await service.send(.GET, url).status == .ok)
        }

        let stats = try await Self.stats(fake)
        #expect(stats.submissions[Self.model] == 5)
        // Six photos, 2–4 references per portrait: each reference is uploaded once, not once per portrait.
        let referencesUsed = Set(stats.requests.flatMap(\.imageURLs))
        #expect(stats.uploads == referencesUsed.count)
        #expect(referencesUsed.count <= 6)

        let entries = try await service.send(.GET, "/api/usage", token: token).decode(Usage.self).entries
        #expect(entries.count == 5)
        #expect(
            entries.allSatisfy { $0.model == Self.model && $0.outcome == "succeeded" && $0.unitPriceUSD == 0.15 },
            "\(entries)")
    }

    @Test func passingFaultsAreRetriedAndAPolicyRefusalFailsOnePortraitUncharged() async throws {
        // Two 503s on submit and a 429 on status pass; one job ends in a content-policy 422.
        let faults = FakeFALFault.parse("503;times=2;on=submit,429;times=1;on=status,content_policy;times=1;on=submit")
        let (fake, _) = try await FakeFALServer.start(
            latency: 0.2, options: .init(faults: faults), analyzer: TestService.analyzer)
        let service = try await Self.service(for: fake)
        defer {
            Task {
                await service.stop()
                await fake.stop()
            }
        }

        let token = try await service.signUp()
        let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
        let persona = try created.decode(CreatedPersona.self).persona
        let id = persona.id
        let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
            .persona
        let states = detail.portraits.map(\.state)
        #expect(states.sorted() == ["failed", "verified", "verified", "verified", "verified"], "\(states)")
        #expect(persona.status == "ready")

        let entries = try await service.send(.GET, "/api/usage", token: token).decode(Usage.self).entries
        let failed = entries.filter { $0.outcome == "failed" }
        #expect(failed.count == 1 && failed.allSatisfy { $0.costUSD == 0 }, "\(entries)")
        let events = try await service.send(.GET, "/api/personas/\(id)/events", token: token).text
        #expect(events.contains("content_policy_violation"))
        #expect(try await Self.stats(fake).submissions[Self.model] == 5, "faulted submits are not paid for")
    }

    @Test func webhooksWakeThePortraitsAndBadOnesAreRefused() async throws {
        let (fake, _) = try await FakeFALServer.start(latency: 0.3, options: .init(), analyzer: TestService.analyzer)
        let (stranger, _) = try await FakeFALServer.start(options: .init(), analyzer: TestService.analyzer)
        let port = Int.random(in: 41_000...49_000)
        // Polling every 120 s: only the webhooks can finish the persona within the wait below.
        let service = try await Self.service(
            for: fake, port: port,
            extra: ["INFLIO_PUBLIC_URL": "http://127.0.0.1:\(port)", "FAL_POLL_INTERVAL_SECONDS": "120"])
        defer {
            Task {
                await service.stop()
                await fake.stop()
                await stranger.stop()
            }
        }

        let token = try await service.signUp()
        let started = Date()
        let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
        #expect(try created.decode(CreatedPersona.self).persona.status == "ready")
        #expect(Date().timeIntervalSince(started) < 100, "finished by webhooks, not by the 120 s poll")
        #expect(try await Self.stats(fake).webhooks.delivered >= 5)

        func post(_ headers: [(String, String)], _ body: [UInt8]) async throws -> ClientResponse {
            try await service.send(
                .POST, FALPortraitSettings.webhookPath, headers: HTTPHeaders(headers),
                body: ByteBuffer(bytes: body), contentType: .json)
        }
        let body = Array(#"{"request_id":"req-1","status":"OK","payload":{"images":[]}}"#.utf8)
        let signed = try fake.webhookHeaders(requestId: "req-1", body: body)
        #expect(try await post(signed, body).status == .ok, "a valid delivery is accepted")
        #expect(try await post(signed, body).status == .conflict, "the same signed message again is a replay")
        let redelivered = try fake.webhookHeaders(
            requestId: "req-1", body: body, timestamp: Int(Date().timeIntervalSince1970) - 1)
        #expect(
            try await post(redelivered, body).status == .ok,
            "a redelivery (new signature) is accepted and changes nothing")
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "x")
        #expect(
            try await post(try fake.webhookHeaders(requestId: "req-2", body: body), tampered).status == .unauthorized)
        #expect(
            try await post(try stranger.webhookHeaders(requestId: "req-3", body: body), body).status == .unauthorized,
            "another key")
        let stale = try fake.webhookHeaders(
            requestId: "req-4", body: body, timestamp: Int(Date().timeIntervalSince1970) - 301)
        #expect(try await post(stale, body).status == .unauthorized)
        #expect(try await post([], body).status == .unauthorized, "no signature headers")
    }
}
