import App
import Faces
import Fluent
import Vapor

/// Boots the service's application without listening, for commands that work on its data.
enum ServiceApp {
    static func make(config: ServiceConfig? = nil, environment: Environment = .production) async throws -> Application {
        try await InflioApp.make(config: config, environment: environment, models: FaceModels.loadOrExplain())
    }

    /// Runs `body` with a migrated application, then shuts it down. With `runningJobs`, the
    /// application also claims and runs portrait jobs meanwhile (what `persona create` waits for).
    static func with<T>(runningJobs: Bool = false, _ body: (Application) async throws -> T) async throws -> T {
        let app = try await make()
        do {
            if runningJobs { try await App.start(app) } else { try await app.autoMigrate() }
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
