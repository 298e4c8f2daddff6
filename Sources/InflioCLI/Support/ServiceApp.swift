import App
import Faces
import Fluent
import Vapor

/// Boots the service's application without listening, for commands that work on its data.
enum ServiceApp {
    static func make(environment: Environment = .production) async throws -> Application {
        try await InflioApp.make(environment: environment, models: FaceModels.loadOrExplain())
    }

    /// Runs `body` with a migrated application, then shuts it down.
    static func with<T>(_ body: (Application) async throws -> T) async throws -> T {
        let app = try await make()
        do {
            try await app.autoMigrate()
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
