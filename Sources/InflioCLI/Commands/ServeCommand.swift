import App
import ArgumentParser
import Foundation
import Vapor

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the persona service (HTTP API, web page, portrait generation).",
        discussion: """
            Configuration comes from the environment: INFLIO_DATA_DIR (default ./data), DATABASE_URL (default a SQLite \
            file in the data dir; postgres://… selects PostgreSQL), INFLIO_PROVIDER (local), INFLIO_WORKERS (5). \
            On PostgreSQL any number of `serve` and `worker` processes share one database: each claims jobs \
            into leases, and takes over those of a process that died.
            """)

    @ArgumentParser.Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "Port to listen on.") var port = 8080
    @ArgumentParser.Flag(
        help: "Serve HTTP only: queue portrait jobs for `inflio worker` processes, never run them here.")
    var noWorker = false

    func run() async throws {
        var environment = Environment(
            name: ProcessInfo.processInfo.environment["INFLIO_ENV"] ?? "production",
            arguments: ["inflio", "serve", "--hostname", hostname, "--port", String(port)])
        try LoggingSystem.bootstrap(from: &environment)
        var config = try ServiceConfig.fromEnvironment()
        if noWorker { config.runsJobs = false }
        let app = try await ServiceApp.make(config: config, environment: environment)
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
