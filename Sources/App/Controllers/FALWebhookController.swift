import FAL
import Fluent
import Providers
import SQLKit
import Vapor

/// `POST /api/webhooks/fal`: FAL's word that a request finished. Verified (Ed25519 over request
/// id, user id, timestamp and the body's SHA-256, against FAL's JWKS; stale timestamps refused),
/// then it only wakes the portrait waiting on that request, which reads the result from the queue
/// itself. The request is the one the body's `request_id` names, the queue API's id (FAL's docs;
/// the signed header may carry the gateway id, which differs after FAL's own retries). A
/// redelivery (FAL retries for two hours after any non-2xx) does nothing twice and gets 200; the
/// exact same signed message again was already processed, and gets 200 without being processed
/// again. The URL's `?job=` names our job (`?design_version=` a design's version): a submission
/// whose id a crash kept us from saving is claimed by it (PortraitGenerator.claim,
/// DesignWorker.claim).
struct FALWebhookController {
    static let maxBodyBytes = 2 << 20

    static func register(_ app: Application) {
        app.on(.POST, "api", "webhooks", "fal", body: .collect(maxSize: ByteCount(value: maxBodyBytes)), use: receive)
    }

    static func receive(_ req: Request) async throws -> Response {
        guard let receiver = req.inflio.falWebhooks else {
            throw ServiceError(
                .notFound, "not_found", "FAL webhooks are not enabled on this server (INFLIO_PROVIDER=fal).")
        }
        let body = req.body.data.map { Array($0.readableBytesView) } ?? []
        let verified: FALVerifiedWebhook
        let headers: FALWebhookHeaders
        do {
            headers = try FALWebhookHeaders(header: { req.headers.first(name: $0) })
            verified = try await receiver.verifier.verify(headers, body: body)
        } catch let error as FALWebhookError {
            throw refusal(error, logger: req.logger)
        }
        // Already processed: a 2xx, or FAL counts a failed delivery and sends it again.
        guard try await receiver.firstSight(of: headers, on: req.db) else {
            return try await ["success": true].encodeResponse(status: .ok, for: req)
        }
        let requestID = verified.queueRequestId
        // Our job's tag in the URL: a submission whose id a crash kept us from saving is claimed.
        let jobID = req.query[String.self, at: FALPortraitSettings.jobTagParameter].flatMap(UUID.init(uuidString:))
        let versionID = req.query[String.self, at: FALPortraitSettings.designTagParameter]
            .flatMap(UUID.init(uuidString:))
        do {
            if let jobID { try await req.inflio.generator.claim(jobID: jobID, requestID: requestID) }
            if let versionID {
                try await req.inflio.designs.claim(
                    versionID: versionID, requestID: requestID, succeeded: (try? verified.payload())?.succeeded)
            }
        } catch {
            try? await receiver.forget(headers, on: req.db)  // not processed: the same message again must be
            throw error
        }
        // The portrait waiting on it may be on any process: PostgreSQL tells them all (this one too).
        if req.inflio.notifications != nil {
            try await DatabaseNotifications.notify(.falRequest(requestID), on: req.db)
        } else {
            await receiver.inbox.deliver(requestId: requestID)
        }
        return try await ["success": true].encodeResponse(status: .ok, for: req)
    }

    /// A webhook we did not accept (401): its error's code as it is (already `webhook_…`). Why FAL's
    /// keys could not be fetched is logged, not sent.
    static func refusal(_ error: FALWebhookError, logger: Logger) -> ServiceError {
        if case .jwksUnavailable = error {
            logger.warning("FAL webhook not verified: \(error.description)")
            return ServiceError(
                .unauthorized, error.code, "FAL's webhook keys could not be fetched; deliver again later.")
        }
        return ServiceError(.unauthorized, error.code, error.description)
    }
}

/// The webhook's parts: the verifier (with its cached JWKS), the inbox that wakes portraits, and
/// the signatures seen within the timestamp tolerance (a table, so a re-delivery to another
/// process is recognised too), so a message is processed once.
final class FALWebhookReceiver: Sendable {
    let verifier: FALWebhookVerifier
    let inbox: FALWebhookInbox

    init(verifier: FALWebhookVerifier, inbox: FALWebhookInbox) {
        self.verifier = verifier
        self.inbox = inbox
    }

    /// True the first time a signature is presented, on any process: the insert of its row decides.
    /// Rows older than twice the tolerance are dropped: the verifier refuses their timestamps anyway.
    func firstSight(of headers: FALWebhookHeaders, on db: any Database, now: Date = Date()) async throws -> Bool {
        let nowMS = Int64((now.timeIntervalSince1970 * 1000).rounded())
        let expired = nowMS - Int64(FALWebhookVerifier.tolerance * 2 * 1000)
        let sql = try db.sql()
        try await sql.raw("DELETE FROM webhook_deliveries WHERE seen_at < \(bind: expired)").run()
        let inserted = try await sql.raw(
            """
            INSERT INTO webhook_deliveries (signature, seen_at) VALUES (\(bind: headers.signature.lowercased()), \(bind: nowMS))
            ON CONFLICT (signature) DO NOTHING RETURNING signature
            """
        ).all()
        return !inserted.isEmpty
    }

    func forget(_ headers: FALWebhookHeaders, on db: any Database) async throws {
        try await db.sql().raw(
            "DELETE FROM webhook_deliveries WHERE signature = \(bind: headers.signature.lowercased())"
        ).run()
    }
}
