import FAL
import FakeFAL
import Foundation
import PersonaKit
import Providers
import TestSupport
import Testing
import Vapor

@testable import App

/// `POST /api/webhooks/fal` against the fake's deliveries: which keys verify, which id a
/// webhook wakes, and what a re-delivery gets. Polling is slowed to ten minutes, beyond the
/// creation's two-minute wait, so a persona that finishes at all was finished by webhooks.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), .serialized)
struct FALWebhookRouteTests {
    typealias P = FALProviderTests

    /// A service with webhooks on, polling every 600 s, against a fake with `faults`.
    static func run(
        faults: String, _ body: (TestService, FakeFALServer, String) async throws -> Void
    ) async throws {
        let fake = try await P.fake(faults: faults)
        let service = try await P.webhookService(for: fake)
        do {
            try await body(service, fake, try await service.signUp())
            await service.stop()
            await fake.stop()
        } catch {
            await service.stop()
            await fake.stop()
            throw error
        }
    }

    /// Makes a persona and expects it finished: by webhooks, the second poll being ten minutes
    /// away. (No bound on the time: a loaded machine once took 64 s, against 50 expected.)
    static func finishedByWebhooks(_ service: TestService, _ token: String) async throws -> String {
        let persona = try await P.persona(service, token)
        #expect(persona.status == "ready", "\(persona.portraits.map(\.state))")
        return persona.id
    }

    /// A key set whose keys carry only `x` (as third-party verifiers read FAL's) verifies.
    @Test func aKeySetWithOnlyXVerifiesWebhooks() async throws {
        try await Self.run(faults: "jwks_minimal") { service, fake, token in
            _ = try await Self.finishedByWebhooks(service, token)
            let stats = try await P.stats(fake)
            #expect(stats.webhooks.delivered == 5 && stats.webhooks.failed == 0, "\(stats.webhooks)")
            #expect(stats.faults["jwks_minimal"] ?? 0 >= 1)
        }
    }

    /// The signed header names another id than the body's `request_id` (FAL's gateway id after
    /// its own retries): the body's, the queue's id, wakes the waiting portrait.
    @Test func aWebhookWhoseHeaderNamesTheGatewayIdWakesTheRightPortrait() async throws {
        try await Self.run(faults: "webhook_gateway_id") { service, fake, token in
            _ = try await Self.finishedByWebhooks(service, token)
            let stats = try await P.stats(fake)
            #expect(stats.submissions[P.model] == 5 && stats.charged[P.model] == 5)
        }
    }

    /// FAL delivers again for two hours when it sees anything but a 2xx: a delivery already
    /// processed gets 200, and changes nothing twice.
    @Test func aRedeliveryIsAcceptedAndChangesNothing() async throws {
        try await Self.run(faults: "webhook_twice") { service, fake, token in
            let id = try await Self.finishedByWebhooks(service, token)
            let stats = try await P.stats(fake)
            #expect(stats.webhooks.delivered == 10 && stats.webhooks.failed == 0, "\(stats.webhooks)")
            let lines = try await P.ledger(service, token)
            #expect(lines.count == 5 && lines.allSatisfy { $0.outcome == "succeeded" }, "\(lines)")

            // The exact same signed message, twice: already processed, so 200 both times.
            let requestId = try #require(stats.requests.first?.requestId)
            let body = Array(#"{"request_id":"\#(requestId)","status":"OK","payload":{"images":[]},"error":null}"#.utf8)
            let headers = HTTPHeaders(try fake.webhookHeaders(requestId: requestId, body: body))
            for _ in 0..<2 {
                let answer = try await service.send(
                    .POST, FALPortraitSettings.webhookPath, headers: headers, body: ByteBuffer(bytes: body),
                    contentType: .json)
                #expect(answer.status == .ok, "\(answer.text)")
            }
            let detail = try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self)
            #expect(detail.persona.portraits.allSatisfy { $0.state == "verified" && $0.attempts == 1 })
            #expect(try await P.ledger(service, token).count == 5)
        }
    }
}
