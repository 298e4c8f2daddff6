import Faces
import PersonaKit
import Providers
import Vapor

/// The long-lived parts of the service, made once at boot and shared by every request.
final class InflioServices: Sendable {
    let config: ServiceConfig
    let analyzer: PhotoBatchAnalyzer
    let blobs: any BlobStore
    let provider: any PortraitProvider
    let events: PersonaEventHub
    let signer: MediaSigner
    let generator: PortraitGenerator
    /// Present when INFLIO_JWKS_URL is set.
    let externalTokens: ExternalTokenVerifier?

    init(app: Application, config: ServiceConfig, models: FaceModels, provider: (any PortraitProvider)?) throws {
        self.config = config
        analyzer = try PhotoBatchAnalyzer(models: models)
        let blobs = try LocalBlobStore(root: config.blobDirectory)
        self.blobs = blobs
        self.provider = try provider ?? Self.makeProvider(config, blobs: blobs)
        events = PersonaEventHub()
        signer = try MediaSigner(keyFile: config.signingKeyPath, lifetime: config.signedLinkLifetime)
        generator = PortraitGenerator(app: app, workers: config.generationWorkers)
        externalTokens = config.externalSignIn.map { ExternalTokenVerifier(settings: $0, client: app.client, logger: app.logger) }
    }

    static func makeProvider(_ config: ServiceConfig, blobs: LocalBlobStore) throws -> any PortraitProvider {
        switch config.provider {
        case "local":
            let loader: ReferenceLoader = { reference in try await blobs.get(reference.location) }
            return CountingProvider(
                base: DelayedProvider(base: LocalStudioProvider(loader: loader), latency: config.localLatency),
                logFile: config.submissionLog)
        default:
            throw ServiceError(.internalServerError, "unknown_provider", "INFLIO_PROVIDER=\(config.provider) is not available; use `local`.")
        }
    }
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
