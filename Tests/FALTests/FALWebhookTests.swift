import Crypto
import FAL
import FakeFAL
import Foundation
import Synchronization
import TestSupport
import Testing
import Vapor

/// A webhook receiver in this process: keeps each delivery's raw body and headers.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        let body: [UInt8]
        let headers: [String: String]
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    let app: Application
    let port: Int
    let deliveries = Mutex<[Delivery]>([])

    private init(app: Application, port: Int) {
        self.app = app
        self.port = port
    }

    static func start() async throws -> WebhookReceiver {
        let app = try await Application.make(Environment(name: "testing", arguments: ["receiver"]))
        app.logger.logLevel = .warning
        let box = Box()
        app.on(.POST, "hook", body: .collect(maxSize: "10mb")) { req -> HTTPStatus in
            var headers: [String: String] = [:]
            for (name, value) in req.headers { headers[name.lowercased()] = value }
            let delivery = Delivery(body: req.body.data.map { Array($0.readableBytesView) } ?? [], headers: headers)
            box.receiver?.deliveries.withLock { $0.append(delivery) }
            return .ok
        }
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        try await app.server.start()
        let receiver = WebhookReceiver(app: app, port: app.http.server.shared.localAddress!.port!)
        box.receiver = receiver
        return receiver
    }

    /// Lets the route reach the receiver made after it.
    final class Box: @unchecked Sendable { var receiver: WebhookReceiver? }

    var url: String { "http://127.0.0.1:\(port)/hook?persona=1&scenario=0" }

    func waitForDeliveries(_ count: Int, within seconds: Double = 60) async throws -> [Delivery] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let received = deliveries.withLock { $0 }
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FixtureError("expected \(count) webhook deliveries, got \(deliveries.withLock { $0.count })")
    }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }
}

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FALWebhookTests {
    typealias F = FALFixtures

    @Test func theFakesSignedWebhookVerifiesAndTamperingStaleOrForeignKeysDoNot() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let request = try await client.submit(
                FALModel.nanoBananaProEdit, input: F.headshotInput(urls),
                options: FALSubmitOptions(webhookURL: receiver.url))
            let delivery = try await receiver.waitForDeliveries(1)[0]
            let header: (String) -> String? = { delivery.header($0) }

            // Valid: the JWKS comes from the fake's endpoint via the client's configuration.
            let verifier = FALWebhookVerifier(client: client)
            let verified = try await verifier.verify(try FALWebhookHeaders(header: header), body: delivery.body)
            #expect(verified.requestId == request.requestId)
            let payload = try verified.payload()
            #expect(payload.succeeded)
            #expect(payload.requestId == request.requestId)
            #expect(try payload.output(as: NanoBananaProOutput.self).images.count == 1)

            // One byte changed in the body.
            var tampered = delivery.body
            tampered[tampered.count / 2] ^= 0x01
            await #expect(throws: FALWebhookError.invalidSignature) {
                try await verifier.verify(try FALWebhookHeaders(header: header), body: tampered)
            }

            // Another request id in the header than the one signed.
            await #expect(throws: FALWebhookError.invalidSignature) {
                try await verifier.verify(
                    try FALWebhookHeaders(header: {
                        $0 == FALWebhookSignature.requestIdHeader ? "someone-else" : header($0)
                    }), body: delivery.body)
            }

            // Signed by a key that is not FAL's.
            let stranger = FALWebhookVerifier(keys: FALJWKS(keys: [Curve25519.Signing.PrivateKey().publicKey]))
            await #expect(throws: FALWebhookError.invalidSignature) {
                try await stranger.verify(try FALWebhookHeaders(header: header), body: delivery.body)
            }

            // Delivered more than 300 s ago (a replay), or dated too far ahead.
            let stamp = Double(try #require(header(FALWebhookSignature.timestampHeader)).description)!
            let later = FALWebhookVerifier(
                keys: FALJWKS(keys: [server.publicKey]), now: { Date(timeIntervalSince1970: stamp + 301) })
            await #expect(throws: FALWebhookError.staleTimestamp(skewSeconds: 301)) {
                try await later.verify(try FALWebhookHeaders(header: header), body: delivery.body)
            }
            let earlier = FALWebhookVerifier(
                keys: FALJWKS(keys: [server.publicKey]), now: { Date(timeIntervalSince1970: stamp - 301) })
            await #expect(throws: FALWebhookError.staleTimestamp(skewSeconds: -301)) {
                try await earlier.verify(try FALWebhookHeaders(header: header), body: delivery.body)
            }
            let inTime = FALWebhookVerifier(
                keys: FALJWKS(keys: [server.publicKey]), now: { Date(timeIntervalSince1970: stamp + 299) })
            _ = try await inTime.verify(try FALWebhookHeaders(header: header), body: delivery.body)

            // A missing header.
            #expect(throws: FALWebhookError.missingHeader(FALWebhookSignature.signatureHeader)) {
                try FALWebhookHeaders(header: { $0 == FALWebhookSignature.signatureHeader ? nil : header($0) })
            }
        }
    }

    @Test func aFailedJobsWebhookCarriesTheErrorAndRedeliveryKeepsTheRequestId() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "content_policy,webhook_twice")
            let request = try await client.submit(
                FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]),
                options: FALSubmitOptions(webhookURL: receiver.url))
            let deliveries = try await receiver.waitForDeliveries(2)
            let verifier = FALWebhookVerifier(client: client)
            for delivery in deliveries {
                let verified = try await verifier.verify(
                    try FALWebhookHeaders(header: { delivery.header($0) }), body: delivery.body)
                #expect(
                    verified.requestId == request.requestId,
                    "a redelivery names the same request: the key for idempotency")
                let payload = try verified.payload()
                #expect(!payload.succeeded)
                #expect(payload.error == "Invalid status code: 422")
                #expect(payload.apiError?.isContentPolicyViolation == true)
            }
        }
    }

    /// Third-party verifiers read only `x`; a key set without `kty`/`crv` must not make every
    /// webhook a 401.
    @Test func aKeySetWithOnlyXVerifiesWebhooks() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        let options = FakeFALServer.Options(faults: FakeFALFault.parse("jwks_minimal"))
        try await F.withFake(options: options) { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let request = try await client.submit(
                FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]),
                options: FALSubmitOptions(webhookURL: receiver.url))
            let delivery = try await receiver.waitForDeliveries(1)[0]
            let verified = try await FALWebhookVerifier(client: client).verify(
                try FALWebhookHeaders(header: { delivery.header($0) }), body: delivery.body)
            #expect(try verified.payload().requestId == request.requestId)
            #expect(try await F.faultHits(server, "jwks_minimal") >= 1, "the minimal key set was served")
        }
    }

    /// The header may name FAL's gateway id (it differs after FAL's own retries): the body's
    /// `request_id` is the queue's id. The signature covers the header's.
    @Test func theBodyNamesTheQueueIdWhenTheHeaderNamesAnother() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "webhook_gateway_id")
            let request = try await client.submit(
                FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]),
                options: FALSubmitOptions(webhookURL: receiver.url))
            let delivery = try await receiver.waitForDeliveries(1)[0]
            let verified = try await FALWebhookVerifier(client: client).verify(
                try FALWebhookHeaders(header: { delivery.header($0) }), body: delivery.body)
            let payload = try verified.payload()
            #expect(verified.requestId != request.requestId, "the header names the gateway id")
            #expect(payload.requestId == request.requestId)
            #expect(payload.gatewayRequestId == verified.requestId)
        }
    }

    /// Success deliveries carry `"error": null`, as FAL's do.
    @Test func aSuccessfulDeliveryCarriesANullError() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            _ = try await client.submit(
                FALModel.nanoBananaProEdit, input: F.headshotInput(urls),
                options: FALSubmitOptions(webhookURL: receiver.url))
            let delivery = try await receiver.waitForDeliveries(1)[0]
            #expect(String(decoding: delivery.body, as: UTF8.self).contains(#""error":null"#))
            #expect(try TypedJSON.decode(FALWebhookPayloadProbe.self, from: delivery.body).status == "OK")
        }
    }

    @Test func signaturesFromTheFakesHelperVerifyForAnyBody() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let body = Array(#"{"request_id":"r1","status":"OK","payload":{"images":[]}}"#.utf8)
            let headers = try server.webhookHeaders(requestId: "r1", body: body)
            let lookup: (String) -> String? = { name in headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
            let verifier = FALWebhookVerifier(client: F.client(for: server))
            #expect(try await verifier.verify(try FALWebhookHeaders(header: lookup), body: body).requestId == "r1")
            let old = try server.webhookHeaders(
                requestId: "r1", body: body, timestamp: Int(Date().timeIntervalSince1970) - 600)
            await #expect(throws: FALWebhookError.self) {
                try await verifier.verify(
                    try FALWebhookHeaders(header: { name in old.first { $0.0.lowercased() == name.lowercased() }?.1 }),
                    body: body)
            }
        }
    }
}

/// The delivery's status field, read straight from the body.
struct FALWebhookPayloadProbe: Decodable {
    let status: String
}
