import Faces
import PersonaKit
import Vapor

/// Makes a configured application, for `inflio serve`, the CLI's persona commands and tests.
public enum InflioApp {
    /// `config` defaults to the environment's (ServiceConfig.fromEnvironment).
    public static func make(
        config: ServiceConfig? = nil, environment: Environment, models: FaceModels,
        provider: (any PortraitProvider)? = nil
    ) async throws -> Application {
        let config = try config ?? ServiceConfig.fromEnvironment()
        let app = try await Application.make(environment)
        do {
            try await configure(app, config: config, models: models, provider: provider)
            app.lifecycle.use(GeneratorShutdown())
            // A tenth of a draft's lifetime, at most an hour: a draft goes within 10 % of its time.
            app.lifecycle.use(DraftCleanupSchedule(interval: min(3600, app.inflio.config.draftLifetime / 10)))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }
}

/// Stops portrait jobs before the database closes, releasing their leases: another process, or
/// this one's next start, resumes them.
struct GeneratorShutdown: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        application.inflio.generator.cancelAll()
        await application.inflio.generator.drain()
        await application.inflio.designs.stop()
        await application.inflio.notifications?.stop()
        application.inflio.events.closeAll()
    }
}
