import FAL
import FakeFAL
import Foundation
import Imaging
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

    /// A service that receives FAL's webhooks, polling every 600 s (beyond the creation's two-minute
    /// wait: only webhooks can finish a persona). Its webhook URL names the port before the service
    /// listens, so the port is chosen here (FreePorts); one another test took meanwhile means
    /// another try.
    static func webhookService(for fake: FakeFALServer) async throws -> TestService {
        for attempt in 1...5 {
            let port = try FreePorts.consecutive()
            do {
                return try await service(
                    for: fake, port: port,
                    extra: ["INFLIO_PUBLIC_URL": "http://127.0.0.1:\(port)", "FAL_POLL_INTERVAL_SECONDS": "600"])
            } catch  where "\(error)".contains("Address already in use") && attempt < 5 {
                continue
            }
        }
        throw TestFailure("no free port for the webhook service")
    }

    static func stats(_ fake: FakeFALServer) async throws -> FakeStats {
        try TypedJSON.decode(FakeStats.self, from: try await fake.statsJSON())
    }

    /// The ledger's lines with the request each one paid for (`GET /api/usage`).
    struct Ledger: Decodable {
        struct Line: Decodable {
            let requestId: String?
            let outcome: String
            let costUSD: Double
        }
        let entries: [Line]
    }

    /// A service on `fake`; both are stopped when `body` ends, also when it throws.
    static func withService<T>(
        on fake: FakeFALServer, port: Int = 0, extra: [String: String] = [:], _ body: (TestService) async throws -> T
    ) async throws -> T {
        let service = try await Self.service(for: fake, port: port, extra: extra)
        do {
            let result = try await body(service)
            await service.stop()
            await fake.stop()
            return result
        } catch {
            await service.stop()
            await fake.stop()
            throw error
        }
    }

    static func ledger(_ service: TestService, _ token: String) async throws -> [Ledger.Line] {
        try await service.send(.GET, "/api/usage", token: token).decode(Ledger.self).entries
    }

    /// A fake with `faults` server-wide (the service sends no fault headers) and `latency`.
    static func fake(
        latency: Double = 0.3, faults: String = "", configure: (inout FakeFALServer.Options) -> Void = { _ in }
    ) async throws -> FakeFALServer {
        var options = FakeFALServer.Options(faults: FakeFALFault.parse(faults))
        configure(&options)
        return try await FakeFALServer.start(latency: latency, options: options, analyzer: TestService.analyzer).server
    }

    /// A persona made from the six Obama photos, waited for; its id, status and portraits.
    static func persona(_ service: TestService, _ token: String) async throws -> (
        id: String, status: String, portraits: [PersonaDetail.Portrait]
    ) {
        let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
        let id = try created.decode(CreatedPersona.self).persona.id
        let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
            .persona
        return (id, detail.status, detail.portraits)
    }

    @Test func aWholePersonaIsMadeOnFALWithReferencesUploadedOnce() async throws {
        let (fake, _) = try await FakeFALServer.start(latency: 0.3, options: .init(), analyzer: TestService.analyzer)
        try await Self.withService(on: fake) { service in

            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            let persona = try created.decode(CreatedPersona.self).persona
            #expect(persona.status == "ready", "\(created.text)")
            let id = persona.id
            let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
                .persona
            let portraits = detail.portraits
            #expect(portraits.count == 5 && portraits.allSatisfy { $0.state == "verified" }, "\(portraits)")
            // Stored in our own storage: served by us, not by FAL's expiring URLs; marked as a model's.
            for portrait in portraits {
                let url = try #require(portrait.url)
                #expect(url.hasPrefix("/media/"))
                let served = try await service.send(.GET, url)
                #expect(served.status == .ok)
                #expect(ProvenanceMark.sourceType(in: served.bytes) == .trainedAlgorithmicMedia)
                #expect(portrait.madeBy == "trainedAlgorithmicMedia")
                #expect(
                    !portrait.preview && portrait.sourcePhotoId.isNull,
                    "a model's portrait: no preview, no single source")
                #expect(!portrait.history.isEmpty && portrait.history.allSatisfy { !$0.preview })
            }

            let stats = try await Self.stats(fake)
            #expect(stats.submissions[Self.model] == 5)
            // FAL keeps what we send and what it makes a day at most: it documents no deletion (issue 18).
            #expect(stats.lifecycles == ["upload 86400": stats.uploads, "output 86400": 5], "\(stats.lifecycles)")
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
    }

    @Test func passingFaultsAreRetriedAndAPolicyRefusalFailsOnePortraitUncharged() async throws {
        // Two 503s on submit and a 429 on status pass; one job ends in a content-policy 422.
        let faults = FakeFALFault.parse("503;times=2;on=submit,429;times=1;on=status,content_policy;times=1;on=submit")
        let (fake, _) = try await FakeFALServer.start(
            latency: 0.2, options: .init(faults: faults), analyzer: TestService.analyzer)
        try await Self.withService(on: fake) { service in

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
    }

    @Test func webhooksWakeThePortraitsAndBadOnesAreRefused() async throws {
        let (fake, _) = try await FakeFALServer.start(latency: 0.3, options: .init(), analyzer: TestService.analyzer)
        let (stranger, _) = try await FakeFALServer.start(options: .init(), analyzer: TestService.analyzer)
        let service = try await Self.webhookService(for: fake)
        defer {
            Task {
                await service.stop()
                await fake.stop()
                await stranger.stop()
            }
        }

        let token = try await service.signUp()
        let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
        #expect(try created.decode(CreatedPersona.self).persona.status == "ready")
        #expect(try await Self.stats(fake).webhooks.delivered >= 5)

        func post(_ headers: [(String, String)], _ body: [UInt8]) async throws -> ClientResponse {
            try await service.send(
                .POST, FALPortraitSettings.webhookPath, headers: HTTPHeaders(headers),
                body: ByteBuffer(bytes: body), contentType: .json)
        }
        let body = Array(#"{"request_id":"req-1","status":"OK","payload":{"images":[]}}"#.utf8)
        let signed = try fake.webhookHeaders(requestId: "req-1", body: body)
        #expect(try await post(signed, body).status == .ok, "a valid delivery is accepted")
        #expect(
            try await post(signed, body).status == .ok,
            "the same signed message again was already processed: 200, or FAL counts a failed delivery")
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

    // MARK: Paid requests are not abandoned, and resubmissions are recorded

    /// Polls fail for longer than any per-call retry budget: four seconds without a connection,
    /// then eight 500s. Every portrait still finishes on its first request, paid once.
    @Test func aStatusOutageFinishesTheSameRequestsPaidOnce() async throws {
        let fake = try await Self.fake(faults: "network_gap;seconds=4;on=status,status_500;times=8")
        try await Self.withService(on: fake, extra: ["FAL_RETRY_MAX_SECONDS": "0.5"]) { service in
            let token = try await service.signUp()
            let persona = try await Self.persona(service, token)
            #expect(persona.status == "ready")
            #expect(persona.portraits.allSatisfy { $0.state == "verified" }, "\(persona.portraits.map(\.state))")
            let stats = try await Self.stats(fake)
            #expect(stats.faults["500"] == 8 && (stats.faults["network_gap"] ?? 0) > 0, "\(stats.faults)")
            #expect(stats.submissions[Self.model] == 5, "one submission per portrait")
            #expect(stats.charged[Self.model] == 5, "one charge per portrait")
            #expect(stats.cancellations == 0)
            let lines = try await Self.ledger(service, token)
            #expect(lines.count == 5 && lines.allSatisfy { $0.outcome == "succeeded" }, "\(lines)")
        }
    }

    /// FAL answers 404 for a request for longer than the grace (1 s here, a minute by default):
    /// it cannot have been charged, so it is submitted again, and the ledger shows both.
    @Test func aRequestFALLostIsSubmittedAgainAsANewCharge() async throws {
        let fake = try await Self.fake(faults: "request_lost;times=1")
        try await Self.withService(on: fake, extra: ["FAL_NOT_FOUND_GRACE_SECONDS": "1"]) { service in
            let token = try await service.signUp()
            let persona = try await Self.persona(service, token)
            #expect(persona.status == "ready")
            #expect(persona.portraits.allSatisfy { $0.state == "verified" }, "\(persona.portraits.map(\.state))")
            let stats = try await Self.stats(fake)
            #expect(stats.submissions[Self.model] == 6, "five portraits, one submitted twice")
            #expect(stats.charged[Self.model] == 5)
            let lines = try await Self.ledger(service, token)
            #expect(lines.count == 6, "the new submission is a ledger line of its own: \(lines)")
            #expect(lines.filter { $0.outcome == "succeeded" }.count == 5)
            #expect(lines.filter { $0.outcome == "failed" }.map(\.costUSD) == [0], "the lost request cost nothing")
        }
    }

    /// A job FAL failed and marked `X-Fal-Retryable: true` is submitted again (a new charge,
    /// recorded); its stored failure is read once, not fetched again because of the header.
    @Test func aFailureFALMarksRetryableIsSubmittedAgainOnce() async throws {
        let fake = try await Self.fake(faults: "retryable_error;times=1")
        try await Self.withService(on: fake) { service in
            let token = try await service.signUp()
            let persona = try await Self.persona(service, token)
            #expect(persona.status == "ready")
            #expect(persona.portraits.allSatisfy { $0.state == "verified" }, "\(persona.portraits.map(\.state))")
            let stats = try await Self.stats(fake)
            #expect(stats.submissions[Self.model] == 6)
            #expect(stats.charged[Self.model] == 5)
            let failed = stats.requests.filter { $0.outcome?.hasPrefix("error 500") == true }
            #expect(failed.count == 1 && failed[0].resultFetches == 1, "\(failed)")
            let lines = try await Self.ledger(service, token)
            #expect(lines.count == 6 && lines.filter { $0.outcome == "failed" }.count == 1, "\(lines)")
        }
    }

    /// At the job deadline the portraits fail but keep their running requests (nothing a cancel
    /// could save; FAL will bill them, so their ledger lines stay pending). A retry asks FAL about
    /// that request first and collects it: no second submission.
    @Test func theDeadlineKeepsTheRequestAndARetryAsksAboutItFirst() async throws {
        // Running from the start (no time in line), and for longer than the 3 s deadline.
        let fake = try await Self.fake(latency: 7) { $0.queueFraction = 0 }
        try await Self.withService(on: fake, extra: ["FAL_JOB_TIMEOUT_SECONDS": "3"]) { service in
            let token = try await service.signUp()
            let persona = try await Self.persona(service, token)
            #expect(persona.portraits.allSatisfy { $0.state == "failed" }, "\(persona.portraits.map(\.state))")
            var stats = try await Self.stats(fake)
            #expect(stats.cancellations == 0, "running requests are not cancelled")
            let pending = try await Self.ledger(service, token)
            #expect(pending.count == 5 && pending.allSatisfy { $0.outcome == "pending" }, "\(pending)")

            try await waitFor("the fake to finish the five requests", seconds: 240) {
                try await Self.stats(fake).requests.filter { $0.outcome == "ok" }.count == 5
            }
            let regenerated = try await service.send(
                .POST, "/api/personas/\(persona.id)/portraits/0/regenerate", token: token, json: [String: String]())
            #expect(regenerated.status == .accepted, "\(regenerated.text)")
            var portrait: PersonaDetail.Portrait?
            try await waitFor("the retried portrait", seconds: 240) {
                portrait = try await service.send(.GET, "/api/personas/\(persona.id)", token: token)
                    .decode(PersonaDetail.self).persona.portraits.first
                return portrait.map { !["queued", "retrying", "generating"].contains($0.state) && $0.attempts == 2 }
                    ?? false
            }
            #expect(portrait?.state == "verified", "\(String(describing: portrait))")
            stats = try await Self.stats(fake)
            #expect(stats.submissions[Self.model] == 5, "the retry asked about the kept request, and paid nothing more")
            let lines = try await Self.ledger(service, token)
            #expect(lines.count == 5, "\(lines)")
            #expect(lines.filter { $0.outcome == "succeeded" }.count == 1)
        }
    }

    /// Too many references for the model (the fake set to one): FAL's 422, a clear failure per
    /// portrait, asked once each, nothing queued or charged. Or, the other reading of FAL, the
    /// queued job's result is the 422: failed, not submitted again, not charged.
    @Test(arguments: [false, true])
    func invalidInputsFailClearlyWithoutRetryOrCharge(refusedByTheJob: Bool) async throws {
        let fake = try await Self.fake { options in
            options.maxImageURLs = [Self.model: 1]
            options.validatesInResult = refusedByTheJob
        }
        try await Self.withService(on: fake) { service in
            let token = try await service.signUp()
            let persona = try await Self.persona(service, token)
            #expect(persona.status == "failed")
            #expect(persona.portraits.allSatisfy { $0.state == "failed" }, "\(persona.portraits.map(\.state))")
            #expect(
                persona.portraits.allSatisfy { $0.error?.contains("image_urls") == true },
                "\(persona.portraits.map(\.error))")
            let stats = try await Self.stats(fake)
            #expect(stats.charged.isEmpty)
            let lines = try await Self.ledger(service, token)
            #expect(lines.allSatisfy { $0.costUSD == 0 }, "\(lines)")
            if refusedByTheJob {
                #expect(stats.submissions[Self.model] == 5, "queued once each, never again")
                #expect(lines.count == 5 && lines.allSatisfy { $0.outcome == "failed" })
            } else {
                #expect(stats.rejectedInputs[Self.model] == 5, "asked once each")
                #expect(stats.submissions.isEmpty && lines.isEmpty)
            }
        }
    }

    @Test func settingsOutsideFALsRangesAreRefusedAtStart() throws {
        #expect(throws: (any Error).self) {
            try FALPortraitSettings.fromEnvironment(["INFLIO_FAL_SAFETY_TOLERANCE": "9"])
        }
        #expect(throws: (any Error).self) {
            try FALPortraitSettings.fromEnvironment(["INFLIO_FAL_SAFETY_TOLERANCE": "strict"])
        }
        #expect(try FALPortraitSettings.fromEnvironment(["INFLIO_FAL_SAFETY_TOLERANCE": "6"]).safetyTolerance == "6")
    }
}
