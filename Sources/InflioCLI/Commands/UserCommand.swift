import App
import ArgumentParser
import Faces
import Fluent
import Foundation
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

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the persona service (HTTP API, web page, portrait generation).",
        discussion: """
            Configuration comes from the environment: INFLIO_DATA_DIR (default ./data), DATABASE_URL (default a SQLite \
            file in the data dir; postgres://… selects PostgreSQL), INFLIO_PROVIDER (local), INFLIO_WORKERS (5).
            """)

    @ArgumentParser.Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "Port to listen on.") var port = 8080

    func run() async throws {
        var environment = Environment(
            name: ProcessInfo.processInfo.environment["INFLIO_ENV"] ?? "production",
            arguments: ["inflio", "serve", "--hostname", hostname, "--port", String(port)])
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await ServiceApp.make(environment: environment)
        do {
            try await App.start(app)
            print("Inflio Personas is running at http://\(hostname):\(port)")
            try await app.execute()
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or update the database tables.")

    func run() async throws {
        try await ServiceApp.with { _ in }
        print("Database is up to date.")
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage local accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account and print an API token for scripts (alone on the last line).")

        @ArgumentParser.Argument(help: "Email address.") var email: String
        @ArgumentParser.Option(help: "Password for signing in on the web page (default: a random one, printed).")
        var password: String?

        func run() async throws {
            let chosen = password ?? Tokens.randomPassword()
            let token = try await ServiceApp.with { app in
                try await AccountService.createAccountWithAPIToken(app: app, email: email, password: chosen)
            }
            print("Created \(email).")
            if password == nil { print("Password: \(chosen)") }
            print("API token (use as Authorization: Bearer …):")
            print(token)
        }
    }
}
