import Foundation

/// Where FAL lives, who we are to it, how long we wait and what it costs. `fromEnvironment` reads
/// the variables docs/configuration.md documents; everything can also be set in code (tests use short
/// deadlines and point every URL at the local fake).
public struct FALConfiguration: Sendable {
    /// `FAL_KEY`, or `FAL_KEY_ID:FAL_KEY_SECRET`; sent as `Authorization: Key <credentials>`.
    public var credentials: String
    /// Queue host (submit, status, result, cancel).
    public var queueURL: String
    /// Synchronous host (`run`, `/stream`).
    public var runURL: String
    /// REST host (storage uploads).
    public var restURL: String
    /// Where webhook signing keys are published.
    public var jwksURL: String
    /// Asked in turn when `jwksURL` cannot be read or lists no usable key.
    public var jwksFallbackURLs: [String]
    public var deadlines: FALDeadlines
    public var retry: FALRetryPolicy
    public var prices: FALPriceTable
    /// Sent with every request (e.g. `x-fal-queue-priority`, or a fault for the fake).
    public var extraHeaders: [String: String]

    public static let defaultQueueURL = "https://queue.fal.run"
    public static let defaultRunURL = "https://fal.run"
    /// fal-js and the Python client moved from rest.alpha.fal.ai to rest.fal.ai.
    public static let defaultRestURL = "https://rest.fal.ai"
    /// Where verifiers citing FAL's webhook docs fetch the keys (2026).
    public static let defaultJWKSURL = "https://rest.fal.ai/.well-known/jwks.json"
    /// The older host, which older verifiers (and fal-swift's REST calls) use: the fallback.
    public static let legacyJWKSURL = "https://rest.alpha.fal.ai/.well-known/jwks.json"

    public init(
        credentials: String, queueURL: String = defaultQueueURL, runURL: String = defaultRunURL,
        restURL: String = defaultRestURL, jwksURL: String? = nil, deadlines: FALDeadlines = .standard,
        retry: FALRetryPolicy = .standard, prices: FALPriceTable = .standard, extraHeaders: [String: String] = [:]
    ) {
        self.credentials = credentials
        self.queueURL = Self.trimmed(queueURL)
        self.runURL = Self.trimmed(runURL)
        self.restURL = Self.trimmed(restURL)
        // Pointing REST elsewhere (the fake) moves the JWKS with it unless told otherwise; a
        // JWKS URL given explicitly is the only one asked.
        if let jwksURL {
            self.jwksURL = jwksURL
            self.jwksFallbackURLs = []
        } else if Self.trimmed(restURL) == Self.defaultRestURL {
            self.jwksURL = Self.defaultJWKSURL
            self.jwksFallbackURLs = [Self.legacyJWKSURL]
        } else {
            self.jwksURL = Self.trimmed(restURL) + "/.well-known/jwks.json"
            self.jwksFallbackURLs = []
        }
        self.deadlines = deadlines
        self.retry = retry
        self.prices = prices
        self.extraHeaders = extraHeaders
    }

    var authorization: String { "Key \(credentials)" }

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// How long anything may take. A server that never answers is cut off by `attempt`; a job that
/// never finishes by `job`, after which the request is cancelled if it is still in line.
public struct FALDeadlines: Sendable, Equatable {
    /// One HTTP exchange, body included.
    public var attempt: Duration
    /// Submit-to-result (or resume-to-result) for one queued job; also bounds a stream or a run.
    public var job: Duration
    /// A stream that sends nothing for this long is abandoned.
    public var streamIdle: Duration
    /// Between status polls.
    public var pollInterval: Duration
    /// One storage upload (PUT of the bytes), which can be larger than any JSON exchange.
    public var upload: Duration
    /// How long FAL may answer 404 for a submitted request's status before we take it that FAL
    /// does not have it (so it cannot have been charged, and cannot finish).
    public var notFoundGrace: Duration

    /// Model jobs take 30–100 s at p50–p95 (fal-api.md), so ten minutes is generous but finite.
    public static let standard = FALDeadlines(
        attempt: .seconds(30), job: .seconds(600), streamIdle: .seconds(60),
        pollInterval: .seconds(1), upload: .seconds(120), notFoundGrace: .seconds(60))

    public init(
        attempt: Duration, job: Duration, streamIdle: Duration, pollInterval: Duration, upload: Duration,
        notFoundGrace: Duration = .seconds(60)
    ) {
        self.attempt = attempt
        self.job = job
        self.streamIdle = streamIdle
        self.pollInterval = pollInterval
        self.upload = upload
        self.notFoundGrace = notFoundGrace
    }
}

public enum FALConfigurationError: Error, Sendable, CustomStringConvertible {
    case missingCredentials
    case invalidValue(variable: String, value: String)

    public var description: String {
        switch self {
        case .missingCredentials: "FAL needs a key: set FAL_KEY, or FAL_KEY_ID and FAL_KEY_SECRET."
        case .invalidValue(let variable, let value): "\(variable) has an unusable value: \(value.debugDescription)."
        }
    }
}
