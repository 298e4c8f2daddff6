import Foundation
import PersonaKit
import Vapor

/// Settings from the environment, each with a working default so `inflio serve` needs none.
public struct ServiceConfig: Sendable {
    /// Root of everything the service writes: database file, images, upload spool, signing key.
    public var dataDirectory: String
    /// `postgres://…` selects PostgreSQL; anything else (or nothing) the SQLite file in the data dir.
    public var databaseURL: String?
    /// `local` (offline studio renderer) or `fal` (nano-banana-pro/edit on FAL).
    public var provider: String
    /// How many portraits generate at once, across personas.
    public var generationWorkers: Int
    /// Local provider only: seconds each render waits first, to mimic a remote model (tests, demos).
    public var localLatency: Double
    /// Local provider only: a file that gets one line per submission (tests count them).
    public var submissionLog: String?
    /// Personas whose rendered detail is kept (PersonaDetailCache); 0 turns the cache off
    /// (`INFLIO_DETAIL_CACHE=0`, for comparison in `inflio bench service`).
    public var detailCacheSize = 1024
    /// After a crash, how long a job whose submission was cut off waits for the provider to report
    /// it (FAL's webhook) before submitting again (`INFLIO_LOST_SUBMISSION_GRACE_SECONDS`).
    public var lostSubmissionGrace: Double = 120
    /// How long signed media links stay valid.
    public var signedLinkLifetime: TimeInterval = 3600
    /// The one rate limiter (RateLimiter); `INFLIO_RATE_LIMITS=off` turns it off for tests and fuzzing.
    public var rateLimits = true
    /// Portraits at once, personas a day and dollars a day (`INFLIO_QUOTAS`, `INFLIO_QUOTA_*`).
    public var quotas = QuotaSettings()
    /// Peers whose `X-Forwarded-For` is believed (`INFLIO_TRUSTED_PROXIES`, comma-separated; `none`
    /// believes no one): the rate limiter counts the forwarded client, not the proxy.
    public var trustedProxies: Set<String> = ["127.0.0.1", "::1"]
    /// Draft personas untouched this long are deleted with their photos (`INFLIO_DRAFT_LIFETIME_HOURS`).
    public var draftLifetime: TimeInterval = 24 * 3600
    /// Whether SFace is asked beside dlib about every face (`INFLIO_SECOND_FACE_MODEL=off` turns it
    /// off); when it is not installed, dlib decides alone and the log says so.
    public var secondFaceModel = true
    /// A connection that neither sends nor receives for this long is closed
    /// (`INFLIO_IDLE_TIMEOUT_SECONDS`). Long, because `create?wait=true` waits silently while the
    /// portraits generate (event streams send a keep-alive every 15 s); slow clients that trickle
    /// bytes are the reverse proxy's to cut (docs/operations.md).
    public var idleTimeout: TimeInterval = 600
    /// `INFLIO_PUBLIC_URL`, the address users reach the service at: its origin is this site's
    /// for the cross-site guard, and when it is https, cookies are `Secure` and HSTS is sent.
    public var publicURL: URL?
    /// Where mail goes (`INFLIO_SMTP_URL`, `INFLIO_MAIL_FROM`); with it, sign-up confirms addresses
    /// by mail and no longer tells who has an account. Needs `publicURL` for the links.
    public var mail: MailSettings?
    /// Sign-in with an external identity provider's JWTs (Clerk-style), besides local accounts.
    public var externalSignIn: ExternalSignIn?
    /// Whether this process claims and runs jobs (`inflio serve --no-worker` and `INFLIO_WORKER=off`
    /// turn it off: HTTP only; `inflio worker` runs jobs without HTTP).
    public var runsJobs = true
    /// How long a claimed job stays this process's without renewal (`INFLIO_LEASE_SECONDS`): after a
    /// crash, another process takes the job over this long after the last heartbeat.
    public var leaseDuration: TimeInterval = 15
    /// How often an idle worker looks for jobs nobody announced (`INFLIO_JOB_POLL_SECONDS`).
    public var jobPollInterval: TimeInterval = 2
    /// `INFLIO_BLOB_URL=s3://bucket/prefix`: images go to an S3-compatible bucket (with the usual
    /// `AWS_*` variables) instead of the data folder, so every process of a deployment sees them.
    public var blobURL: String?
    /// `INFLIO_MEDIA_DIRECT=1` (with a bucket): uploaded photos are served by a redirect to a
    /// short-lived presigned GET of the bucket, after our own signature or ownership check.
    /// Portraits still pass through the service, which marks them as AI-made on the way out.
    public var mediaDirect = false
    /// `INFLIO_DESIGN_PREVIEW=stream` (with FAL): beside each design's queue job, a low-quality
    /// `/stream` call of the same request whose partial images the page shows as the picture forms.
    /// Off by default: FAL's stream is a second generation, charged (and recorded) as one.
    public var designPreviewStream = false
    /// `INFLIO_METRICS_TOKEN`: `/metrics` answers requests bearing it; unset, only this machine's
    /// direct requests (MetricsController).
    public var metricsToken: String?
    /// Where provider settings are read from (`FAL_*`, `INFLIO_FAL_*`, `INFLIO_PUBLIC_URL`).
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init(
        dataDirectory: String, databaseURL: String? = nil, provider: String = "local", generationWorkers: Int = 5,
        localLatency: Double = 0, submissionLog: String? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.provider = provider
        self.generationWorkers = generationWorkers
        self.localLatency = localLatency
        self.submissionLog = submissionLog
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> ServiceConfig
    {
        func value(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        var config = ServiceConfig(
            dataDirectory: value("INFLIO_DATA_DIR") ?? "./data",
            databaseURL: value("DATABASE_URL"),
            provider: value("INFLIO_PROVIDER") ?? "local",
            // A FAL portrait mostly waits on the network, a local one computes: many more in flight.
            generationWorkers: value("INFLIO_WORKERS").flatMap(Int.init)
                ?? (value("INFLIO_PROVIDER") == "fal" ? 64 : 5),
            localLatency: value("INFLIO_LOCAL_LATENCY").flatMap(Double.init) ?? 0,
            submissionLog: value("INFLIO_SUBMISSION_LOG"))
        config.environment = env
        if let grace = value("INFLIO_LOST_SUBMISSION_GRACE_SECONDS").flatMap(Double.init) {
            config.lostSubmissionGrace = max(0, grace)
        }
        if value("INFLIO_WORKER") == "off" { config.runsJobs = false }
        if let blob = value("INFLIO_BLOB_URL") {
            guard blob.hasPrefix("s3://") else {
                throw ServiceError(
                    .internalServerError, "unknown_blob_store",
                    "INFLIO_BLOB_URL must be s3://bucket[/prefix]; leave it unset for the data folder.")
            }
            config.blobURL = blob
        }
        // Read by PersonaKit.System at first use, before this runs: refused here, not ignored there.
        if let threads = value("INFLIO_CPU_THREADS"), PersonaKit.System.computeThreads(setting: threads) == nil {
            throw ServiceError(
                .internalServerError, "invalid_cpu_threads",
                "INFLIO_CPU_THREADS must be a whole number from 1 to \(PersonaKit.System.maximumComputeThreads) "
                    + "(threads for CPU-bound work), not \(threads).")
        }
        config.mediaDirect = value("INFLIO_MEDIA_DIRECT") == "1"
        config.designPreviewStream = value("INFLIO_DESIGN_PREVIEW") == "stream"
        config.metricsToken = value("INFLIO_METRICS_TOKEN")
        if let lease = value("INFLIO_LEASE_SECONDS").flatMap(Double.init), lease >= 1 { config.leaseDuration = lease }
        if let poll = value("INFLIO_JOB_POLL_SECONDS").flatMap(Double.init), poll > 0 { config.jobPollInterval = poll }
        if value("INFLIO_RATE_LIMITS") == "off" { config.rateLimits = false }
        if value("INFLIO_SECOND_FACE_MODEL") == "off" { config.secondFaceModel = false }
        config.quotas = QuotaSettings.fromEnvironment(value)
        config.publicURL = value("INFLIO_PUBLIC_URL").flatMap(URL.init(string:))
        config.mail = try MailSettings.fromEnvironment(value)
        if config.mail != nil, config.publicURL == nil {
            throw ServiceError(
                .internalServerError, "missing_public_url",
                "INFLIO_SMTP_URL is set: also set INFLIO_PUBLIC_URL, where the mailed links point.")
        }
        if let idle = value("INFLIO_IDLE_TIMEOUT_SECONDS").flatMap(Double.init), idle > 0 { config.idleTimeout = idle }
        if let proxies = value("INFLIO_TRUSTED_PROXIES") {
            config.trustedProxies =
                proxies == "none"
                ? [] : Set(proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        if let hours = value("INFLIO_DRAFT_LIFETIME_HOURS").flatMap(Double.init), hours > 0 {
            config.draftLifetime = hours * 3600
        }
        if let size = value("INFLIO_DETAIL_CACHE").flatMap(Int.init) { config.detailCacheSize = max(0, size) }
        if let jwks = value("INFLIO_JWKS_URL") {
            // Without an issuer any key set's tokens would do, e.g. another tenant's of the same provider.
            guard let issuer = value("INFLIO_JWT_ISSUER") else {
                throw ServiceError(
                    .internalServerError, "missing_jwt_issuer",
                    "INFLIO_JWKS_URL is set: also set INFLIO_JWT_ISSUER to the issuer its tokens name.")
            }
            config.externalSignIn = ExternalSignIn(
                jwksURL: jwks, issuer: issuer, audience: value("INFLIO_JWT_AUDIENCE"))
        }
        return config
    }

    var servesHTTPS: Bool { publicURL?.scheme?.lowercased() == "https" }
    /// `scheme://host[:port]` of the public URL.
    var publicOrigin: String? {
        guard let url = publicURL, let scheme = url.scheme, let host = url.host else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }
    var usesPostgres: Bool { databaseURL?.hasPrefix("postgres") == true }
    var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("inflio.sqlite") }
    var blobDirectory: String { (dataDirectory as NSString).appendingPathComponent("images") }
    var spoolDirectory: String { (dataDirectory as NSString).appendingPathComponent("uploads") }
    /// `INFLIO_SIGNING_KEY_FILE`, or `signing.key` in the data folder: every process of a
    /// deployment must read the same key, or one process's media links fail on another.
    var signingKeyPath: String {
        environment["INFLIO_SIGNING_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (dataDirectory as NSString).appendingPathComponent("signing.key")
    }
}
