import App
import ArgumentParser
import Foundation
import Vapor

/// `inflio worker`: claims and runs portrait jobs, without HTTP, until SIGINT or SIGTERM; then
/// gives its jobs back (their leases released) for another process to resume.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run portrait jobs only (no HTTP), beside `inflio serve --no-worker` processes.",
        discussion: """
            Same environment as `serve`. Useful on PostgreSQL, where any number of workers share the queue; on \
            SQLite, `serve` alone is the intended set-up.
            """)

    func run() async throws {
        var environment = Environment(
            name: ProcessInfo.processInfo.environment["INFLIO_ENV"] ?? "production", arguments: ["inflio"])
        try LoggingSystem.bootstrap(from: &environment)
        var config = try ServiceConfig.fromEnvironment()
        config.runsJobs = true
        let app = try await ServiceApp.make(config: config, environment: environment)
        do {
            try await App.start(app)
            print("Inflio worker is running jobs (Ctrl-C to stop)")
            await Self.waitForStopSignal()
            app.logger.info("stopping: giving running jobs back")
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Returns at the first SIGINT or SIGTERM.
    static func waitForStopSignal() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: .global()) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = NSLock()
            var resumed = false
            for source in sources {
                source.setEventHandler {
                    once.lock()
                    defer { once.unlock() }
                    guard !resumed else { return }
                    resumed = true
                    continuation.resume()
                }
                source.resume()
            }
        }
        for source in sources { source.cancel() }
    }
}
