import AsyncHTTPClient
import FAL
import Faces
import PersonaKit
import Providers
import S3
import Vapor

/// The long-lived parts of the service, made once at boot and shared by every request.
final class InflioServices: Sendable {
    let config: ServiceConfig
    let analyzer: PhotoBatchAnalyzer
    /// Threads for CPU work (face analysis, decoding, the stored copies), one per core (or
    /// INFLIO_CPU_THREADS), shared by
    /// every application in the process (the tests run dozens: a pool each made them thrash). Not
    /// the application's thread pool: SQLite runs its queries there, and a query queued behind
    /// seconds of face analysis kept a draft's row locked while another upload spun on the lock;
    /// under load a third request waited out the connection pool (issue 10's parallel uploads, in CI).
    /// Its threads run below request handling (BackgroundPriority).
    var compute: ComputePool { Self.computePool }
    private static let computePool: ComputePool = {
        let pool = NIOThreadPool(numberOfThreads: PersonaKit.System.computeThreads)
        pool.start()
        return ComputePool(pool: pool)
    }()
    let blobs: any BlobStore
    let provider: any PortraitProvider
    let events: PersonaEventHub
    let signer: MediaSigner
    let details: PersonaDetailCache
    let generator: PortraitGenerator
    /// Renders the content studio's design versions (issue 15).
    let designs: DesignWorker
    let limiter: RateLimiter
    let metrics = ServiceMetrics()
    /// Nil without `INFLIO_SMTP_URL`: then no mail is sent.
    let mailer: SMTPClient?
    var quotas: Quotas { Quotas(settings: config.quotas, provider: provider) }
    /// Debian's list of common passwords, refused at sign-up; nil when not installed.
    let commonPasswords: CommonPasswords?
    /// Present when INFLIO_JWKS_URL is set.
    let externalTokens: ExternalTokenVerifier?
    /// Present with INFLIO_PROVIDER=fal: checks FAL's webhooks and wakes the waiting portrait.
    let falWebhooks: FALWebhookReceiver?
    /// Present with INFLIO_PROVIDER=fal: designs are made by GPT Image 1.5 on FAL's queue.
    let falDesigns: FALDesignProvider?
    /// PostgreSQL only: this process's `LISTEN` for what other processes announce.
    let notifications: NotificationListener?

    init(app: Application, config: ServiceConfig, models: FaceModels, provider: (any PortraitProvider)?) throws {
        self.config = config
        analyzer = try PhotoBatchAnalyzer(
            models: models, secondOpinion: config.secondFaceModel ? SecondFaceModel.load(logger: app.logger) : nil)
        let blobs = try Self.makeBlobStore(config, logger: app.logger)
        self.blobs = blobs
        if let provider {
            self.provider = provider
            falWebhooks = nil
            falDesigns = nil
        } else {
            (self.provider, falWebhooks, falDesigns) = try Self.makeProvider(config, blobs: blobs)
        }
        events = PersonaEventHub(postgres: config.usesPostgres, logger: app.logger) { [unowned app] in app.db }
        details = PersonaDetailCache(capacity: config.detailCacheSize)
        signer = try MediaSigner(keyFile: config.signingKeyPath, lifetime: config.signedLinkLifetime)
        generator = PortraitGenerator(app: app, config: config)
        designs = DesignWorker(app: app, config: config)
        limiter = RateLimiter(enabled: config.rateLimits)
        mailer = config.mail.map { SMTPClient(settings: $0, group: app.eventLoopGroup) }
        commonPasswords = CommonPasswords.load(logger: app.logger)
        externalTokens = config.externalSignIn.map {
            ExternalTokenVerifier(settings: $0, client: app.client, logger: app.logger)
        }
        if config.usesPostgres, let url = config.databaseURL {
            let (events, generator, designs, inbox) = (events, generator, designs, falWebhooks?.inbox)
            notifications = try NotificationListener(
                url: url, logger: app.logger,
                receive: { notification in
                    switch notification {
                    case .event(let personaID): events.wake(personaID)
                    case .job:
                        generator.poke()
                        designs.poke()
                    case .falRequest(let requestID): Task { await inbox?.deliver(requestId: requestID) }
                    case .closed(let personaID): events.close(personaID: personaID)
                    }
                },
                // Whatever was announced while the listener was away is caught up from the database.
                reconnected: {
                    events.wakeAll()
                    generator.poke()
                })
        } else {
            notifications = nil
        }
    }

    /// The data folder, or the bucket of `INFLIO_BLOB_URL`.
    static func makeBlobStore(_ config: ServiceConfig, logger: Logger) throws -> any BlobStore {
        guard let url = config.blobURL else { return try LocalBlobStore(root: config.blobDirectory) }
        do {
            return try S3BlobStore(
                url: url, environment: config.environment, httpClient: blobHTTPClient, logger: logger)
        } catch {
            throw ServiceError(.internalServerError, "blob_store_misconfigured", "INFLIO_BLOB_URL: \(error)")
        }
    }

    /// One client for every bucket call of the process, with room for many uploads at once.
    static let blobHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    static func makeProvider(_ config: ServiceConfig, blobs: any BlobStore) throws -> (
        any PortraitProvider, FALWebhookReceiver?, FALDesignProvider?
    ) {
        let loader: ReferenceLoader = { reference in try await blobs.get(reference.location) }
        switch config.provider {
        case "local":
            return (
                CountingProvider(
                    base: DelayedProvider(base: LocalStudioProvider(loader: loader), latency: config.localLatency),
                    logFile: config.submissionLog), nil, nil
            )
        case "fal":
            let client: FALClient
            let settings: FALPortraitSettings
            do {
                client = FALClient(
                    configuration: try .fromEnvironment(config.environment), httpClient: Self.falHTTPClient)
                settings = try .fromEnvironment(config.environment)
            } catch {
                throw ServiceError(.internalServerError, "fal_misconfigured", "\(error)")
            }
            let inbox = FALWebhookInbox()
            let provider = FALPortraitProvider(client: client, settings: settings, loader: loader, inbox: inbox)
            return (
                CountingProvider(base: provider, logFile: config.submissionLog),
                FALWebhookReceiver(verifier: FALWebhookVerifier(client: client), inbox: inbox),
                FALDesignProvider(client: client, settings: settings, inbox: inbox)
            )
        default:
            throw ServiceError(
                .internalServerError, "unknown_provider",
                "INFLIO_PROVIDER=\(config.provider) is not available; use `local` or `fal`.")
        }
    }

    /// One client for every FAL call of the process, with room for many portraits polling at once
    /// (the shared client allows only a few connections per host).
    static let falHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = InflioServices }
    var inflio: InflioServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var inflio: InflioServices { application.inflio }
}
