import AsyncHTTPClient
import Crypto
import Foundation

/// A webhook that passed verification: who it is about, and its payload still as raw bytes.
public struct FALVerifiedWebhook: Sendable {
    /// The id in the signed `X-Fal-Webhook-Request-Id` header. Which id FAL puts there is
    /// unconfirmed (it may be the gateway id, which differs after FAL's own retries): use
    /// `queueRequestId` for anything the queue API is asked about.
    public let requestId: String
    public let userId: String
    public let timestamp: Int
    public let body: [UInt8]

    /// The body decoded (`{request_id, gateway_request_id, status, payload, error?}`).
    public func payload() throws -> FALWebhookPayload { try FALJSON.decode(body, what: "the webhook body") }

    /// The queue API's id for the request: the body's `request_id` (FAL's docs: the value used
    /// in the queue API), else the header's. The signature covers the body, so it is as trusted.
    public var queueRequestId: String { (try? payload().requestId) ?? requestId }
}

/// Verifies FAL's webhooks: the timestamp within ±300 s of now, then the Ed25519 signature
/// against the JWKS, which is cached and fetched again when it expires or when no cached key
/// verifies (FAL may have rotated keys; at most once per `refetchInterval`, so forged requests
/// cannot make us hammer the JWKS host).
public actor FALWebhookVerifier {
    public static let tolerance: TimeInterval = 300

    private let fetchKeys: @Sendable () async throws -> FALJWKS
    private let cacheLifetime: TimeInterval
    private let refetchInterval: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: (keys: FALJWKS, fetchedAt: Date)?

    /// `fetchKeys` gets the current key set (see the convenience initialisers).
    public init(
        cacheLifetime: TimeInterval = 24 * 3600, refetchInterval: TimeInterval = 30,
        now: @escaping @Sendable () -> Date = { Date() }, fetchKeys: @escaping @Sendable () async throws -> FALJWKS
    ) {
        self.fetchKeys = fetchKeys
        self.cacheLifetime = cacheLifetime
        self.refetchInterval = refetchInterval
        self.now = now
    }

    /// Keys from `client.configuration.jwksURL`, or, when it cannot be read or lists no usable
    /// key, from each of `jwksFallbackURLs` in turn (by default rest.fal.ai, then the older
    /// rest.alpha.fal.ai), fetched with the client's deadlines and at most two attempts each.
    public init(
        client: FALClient, cacheLifetime: TimeInterval = 24 * 3600, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let urls = [client.configuration.jwksURL] + client.configuration.jwksFallbackURLs
        self.init(cacheLifetime: cacheLifetime, now: now) {
            var quick = client.configuration.retry
            quick.maxAttempts = min(quick.maxAttempts, 2)
            var problems: [String] = []
            for url in urls {
                do {
                    let response = try await client.send(
                        FALHTTPRequest(method: .GET, url: url, authorized: false), operation: "JWKS", retry: quick)
                    let keys = try FALJWKS(json: response.body)
                    if !keys.rawKeys.isEmpty { return keys }
                    problems.append("\(url): no Ed25519 key")
                } catch let error as FALWebhookError {
                    problems.append("\(url): \(error)")
                } catch {
                    problems.append("\(url): \(error)")
                }
            }
            throw FALWebhookError.jwksUnavailable(problems.joined(separator: "; "))
        }
    }

    /// Fixed keys (tests, or a pinned key).
    public init(keys: FALJWKS, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(now: now) { keys }
    }

    /// Verifies a delivery. `body` must be the raw bytes as received.
    public func verify(_ headers: FALWebhookHeaders, body: [UInt8]) async throws -> FALVerifiedWebhook {
        let (requestId, userId, timestampText) = (headers.requestId, headers.userId, headers.timestamp)
        guard let timestamp = Int(timestampText) else { throw FALWebhookError.malformedTimestamp(timestampText) }
        let skew = Int(now().timeIntervalSince1970) - timestamp
        guard abs(skew) <= Int(Self.tolerance) else { throw FALWebhookError.staleTimestamp(skewSeconds: skew) }

        guard let signature = FALWebhookSignature.unhex(headers.signature), signature.count == 64 else {
            throw FALWebhookError.malformedSignature
        }
        let message = FALWebhookSignature.message(
            requestId: requestId, userId: userId, timestamp: timestampText, body: body)

        let keys = try await currentKeys(forceRefresh: false)
        if FALWebhookSignature.isValid(signature: signature, message: message, keys: keys.keys) {
            return FALVerifiedWebhook(requestId: requestId, userId: userId, timestamp: timestamp, body: body)
        }
        // Unknown key: perhaps rotated since we cached. Ask again, unless we just did.
        if let fetchedAt = cached?.fetchedAt, now().timeIntervalSince(fetchedAt) >= refetchInterval {
            let fresh = try await currentKeys(forceRefresh: true)
            if FALWebhookSignature.isValid(signature: signature, message: message, keys: fresh.keys) {
                return FALVerifiedWebhook(requestId: requestId, userId: userId, timestamp: timestamp, body: body)
            }
        }
        throw FALWebhookError.invalidSignature
    }

    private func currentKeys(forceRefresh: Bool) async throws -> FALJWKS {
        if !forceRefresh, let cached, now().timeIntervalSince(cached.fetchedAt) < cacheLifetime { return cached.keys }
        let keys = try await fetchKeys()
        cached = (keys, now())
        return keys
    }
}

/// The four `X-Fal-Webhook-*` headers of a delivery.
public struct FALWebhookHeaders: Sendable, Equatable {
    public let requestId: String
    public let userId: String
    public let timestamp: String
    /// Hex.
    public let signature: String

    public init(requestId: String, userId: String, timestamp: String, signature: String) {
        self.requestId = requestId
        self.userId = userId
        self.timestamp = timestamp
        self.signature = signature
    }

    /// Reads them with `header`, a case-insensitive lookup (e.g. `{ req.headers.first(name: $0) }`).
    public init(header: (String) -> String?) throws {
        func required(_ name: String) throws -> String {
            guard let value = header(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                throw FALWebhookError.missingHeader(name)
            }
            return value
        }
        self.init(
            requestId: try required(FALWebhookSignature.requestIdHeader),
            userId: try required(FALWebhookSignature.userIdHeader),
            timestamp: try required(FALWebhookSignature.timestampHeader),
            signature: try required(FALWebhookSignature.signatureHeader))
    }
}
