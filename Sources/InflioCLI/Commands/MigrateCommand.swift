import ArgumentParser

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or update the database tables.")

    func run() async throws {
        try await ServiceApp.with { _ in }
        print("Database is up to date.")
    }
}
