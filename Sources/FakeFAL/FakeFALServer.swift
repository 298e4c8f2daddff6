import Crypto
import Faces
import Foundation
import NIOConcurrencyHelpers
import PersonaKit
import Vapor

/// A local server that speaks FAL's protocol (fal-api.md) closely enough that the real client
/// cannot tell: queue, status (and status stream), result, cancel, storage uploads and files,
/// `/stream`, sync runs, signed webhooks and their JWKS, with latency and injected faults. Its
/// model is the local studio renderer.
///
/// Layout on one port (set the client's URLs to match, see `environment`):
/// queue at `/`, sync and stream at `/run`, REST (storage, JWKS) at `/rest`, uploaded and output
/// files at `/files`, and the fake's own `/_fake/stats` and `/_fake/reset`.
public final class FakeFALServer: Sendable {
    public struct Options: Sendable {
        /// Minimum seconds from submission to completion (the render may take longer).
        public var latency: Double
        /// Part of `latency` spent IN_QUEUE before IN_PROGRESS.
        public var queueFraction: Double
        /// Jobs running at once; nil for no limit. Others wait IN_QUEUE with their positions.
        public var maxConcurrent: Int?
        /// Faults for every request (`FAKE_FAL_FAULT`), on top of each request's header.
        public var faults: [FakeFALFault]
        /// The only key accepted, if set (`FAKE_FAL_KEY`); otherwise any `Key …` is.
        public var requiredKey: String?
        /// How long a `stall`ed call or `hang`ing job waits at most before giving up by itself.
        public var stallLimit: Double
        /// Attempts per webhook delivery (FAL: 10 over two hours; the fake is quicker).
        public var webhookAttempts: Int
        /// The models that have a `/stream` endpoint; the others answer 404 there, as FAL does.
        public var streamingModels: Set<String>
        /// The most `image_urls` per model (`FAKE_FAL_MAX_IMAGE_URLS`); FAL's limit is unconfirmed.
        public var maxImageURLs: [String: Int]
        /// For any model not in `maxImageURLs`.
        public var defaultMaxImageURLs: Int
        /// Where an invalid input is refused: at submission (a 422 and nothing queued, the
        /// default), or, as FAL's webhook examples show it, by the queued job, whose result is
        /// the 422 (`FAKE_FAL_VALIDATE=result`). Runs and streams always refuse at once.
        public var validatesInResult: Bool
        /// How long an upload token lasts (FAL's: 30 days).
        public var uploadTokenLifetime: Double

        public static let standardStreamingModels: Set<String> = ["fal-ai/gpt-image-1.5", "fal-ai/gpt-image-1.5/edit"]

        public init(
            latency: Double = 0, queueFraction: Double = 0.25, maxConcurrent: Int? = nil, faults: [FakeFALFault] = [],
            requiredKey: String? = nil, stallLimit: Double = 600, webhookAttempts: Int = 3,
            streamingModels: Set<String> = standardStreamingModels, maxImageURLs: [String: Int] = [:],
            defaultMaxImageURLs: Int = 10, validatesInResult: Bool = false,
            uploadTokenLifetime: Double = 30 * 24 * 3600
        ) {
            self.latency = latency
            self.queueFraction = queueFraction
            self.maxConcurrent = maxConcurrent
            self.faults = faults
            self.requiredKey = requiredKey
            self.stallLimit = stallLimit
            self.webhookAttempts = webhookAttempts
            self.streamingModels = streamingModels
            self.maxImageURLs = maxImageURLs
            self.defaultMaxImageURLs = defaultMaxImageURLs
            self.validatesInResult = validatesInResult
            self.uploadTokenLifetime = uploadTokenLifetime
        }

        /// `FAKE_FAL_LATENCY`, `FAKE_FAL_MAX_CONCURRENT`, `FAKE_FAL_FAULT`, `FAKE_FAL_KEY`,
        /// `FAKE_FAL_STREAMING_MODELS`, `FAKE_FAL_MAX_IMAGE_URLS`, `FAKE_FAL_VALIDATE`.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
            -> Options
        {
            var options = Options(
                latency: environment["FAKE_FAL_LATENCY"].flatMap(Double.init) ?? 0,
                maxConcurrent: environment["FAKE_FAL_MAX_CONCURRENT"].flatMap(Int.init),
                faults: FakeFALFault.parse(environment["FAKE_FAL_FAULT"] ?? ""),
                requiredKey: environment["FAKE_FAL_KEY"].flatMap { $0.isEmpty ? nil : $0 })
            if let text = environment["FAKE_FAL_STREAMING_MODELS"] {
                options.streamingModels = Set(
                    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
            if let limits = environment["FAKE_FAL_MAX_IMAGE_URLS"].flatMap(FakeInputValidation.parseLimits) {
                options.maxImageURLs = limits.perModel
                if let all = limits.all { options.defaultMaxImageURLs = all }
            }
            options.validatesInResult = environment["FAKE_FAL_VALIDATE"]?.lowercased() == "result"
            return options
        }

        var validation: FakeInputValidation {
            FakeInputValidation(maxImageURLs: maxImageURLs, defaultMaxImageURLs: defaultMaxImageURLs)
        }
    }

    public static let faultHeader = "X-Fake-Fal-Fault"
    /// What the fake puts in `X-Fal-Webhook-User-Id`.
    public static let userId = "fake-fal-user"

    let app: Application
    let state = FakeFALState()
    let options: Options
    let model: FakeFALModel
    /// Generated at start; its public half is served at `/rest/.well-known/jwks.json`. Kept
    /// raw because Crypto's key type is not `Sendable`.
    let signingKeyBytes = Curve25519.Signing.PrivateKey().rawRepresentation
    var signingKey: Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: signingKeyBytes)
    }
    private let bound = NIOLockedValueBox<String?>(nil)

    /// The fake, not yet listening. `analyzer` is shared if given (loading models takes time).
    public init(options: Options = .fromEnvironment(), analyzer: PhotoBatchAnalyzer? = nil) async throws {
        self.options = options
        let analyzer = try analyzer ?? PhotoBatchAnalyzer(models: FaceModels())
        var environment = Environment(name: "production", arguments: ["fake-fal"])
        environment.commandInput = CommandInput(arguments: ["fake-fal"])
        let app = try await Application.make(environment)
        app.logger.logLevel = .warning
        self.app = app
        let state = self.state
        let client = app.client
        self.model = FakeFALModel(
            analyzer: analyzer, fetch: { url in try await Self.fetch(url, state: state, client: client) })
        registerRoutes()
    }

    /// Starts listening on `port` (0 for any free one) and returns the port bound.
    /// `latency` overrides the options' when given.
    @discardableResult
    public func start(hostname: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        app.http.server.configuration.hostname = hostname
        app.http.server.configuration.port = port
        // Model inputs and uploads carry images.
        app.routes.defaultMaxBodySize = "64mb"
        try await app.server.start()
        guard let actual = app.http.server.shared.localAddress?.port else {
            throw Abort(.internalServerError, reason: "no port bound")
        }
        bound.withLockedValue { $0 = "http://\(hostname):\(actual)" }
        return actual
    }

    /// Starts a fake with `latency` on `port` (0: any), ready for a client.
    public static func start(
        port: Int = 0, latency: Double = 0, options: Options = .fromEnvironment(),
        analyzer: PhotoBatchAnalyzer? = nil
    ) async throws -> (server: FakeFALServer, port: Int) {
        var options = options
        options.latency = latency
        let server = try await FakeFALServer(options: options, analyzer: analyzer)
        do {
            let bound = try await server.start(port: port)
            return (server, bound)
        } catch {
            await server.stop()
            throw error
        }
    }

    public func stop() async {
        await state.markStopping()
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    /// `http://127.0.0.1:PORT` once started.
    public var baseURL: String { bound.withLockedValue { $0 } ?? "http://127.0.0.1:0" }
    public var queueURL: String { baseURL }
    public var runURL: String { baseURL + "/run" }
    public var restURL: String { baseURL + "/rest" }
    public var jwksURL: String { restURL + "/.well-known/jwks.json" }

    /// The environment a client (or `inflio serve`) needs to use this fake.
    public var environment: [(String, String)] {
        [
            ("FAL_KEY", options.requiredKey ?? "fake-key"), ("FAL_QUEUE_URL", queueURL), ("FAL_RUN_URL", runURL),
            ("FAL_REST_URL", restURL), ("FAL_JWKS_URL", jwksURL),
        ]
    }

    public var publicKey: Curve25519.Signing.PublicKey { signingKey.publicKey }

    /// Signs a webhook body as the fake does when it delivers one (for tests of a webhook route:
    /// replays, tampering, stale timestamps). Returns the four `X-Fal-Webhook-*` headers;
    /// `requestId` is the header's id (the body names its own).
    public func webhookHeaders(requestId: String, body: [UInt8], timestamp: Int = Int(Date().timeIntervalSince1970))
        throws -> [(String, String)]
    {
        let stamp = String(timestamp)
        let signature = try FALSignature.sign(
            requestId: requestId, userId: Self.userId, timestamp: stamp, body: body, with: signingKey)
        return [
            ("X-Fal-Webhook-Request-Id", requestId), ("X-Fal-Webhook-User-Id", Self.userId),
            ("X-Fal-Webhook-Timestamp", stamp), ("X-Fal-Webhook-Signature", signature),
        ]
    }

    /// The counts `/_fake/stats` serves.
    public func statsJSON() async throws -> [UInt8] {
        Array(try JSONEncoder().encode(await state.report()))
    }
}
