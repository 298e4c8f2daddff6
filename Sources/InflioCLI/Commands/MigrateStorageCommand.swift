import App
import ArgumentParser
import Foundation

struct MigrateStorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-storage",
        abstract: "Copy the database to PostgreSQL and/or the images to a bucket, then verify the copy.")

    @Option(help: "A postgres:// URL of an empty database to copy every row into.") var toDatabase: String?
    @Option(help: "An s3://bucket/prefix to copy every image into (AWS_* variables as for INFLIO_BLOB_URL).")
    var toBlobs: String?
    @Flag(help: "Delete every row of a target database that is not empty first.") var force = false
    @Flag(help: "Go on when rows name images missing from the store.") var allowMissing = false

    func run() async throws {
        let summary = try await StorageCommands.migrateStorage(
            config: try ServiceConfig.fromEnvironment(), toDatabase: toDatabase, toBlobs: toBlobs, force: force,
            allowMissing: allowMissing
        ) { print($0) }
        print("Copied and verified \(summary).")
        print("To run on the copy, set:")
        if let toDatabase { print("  DATABASE_URL=\(toDatabase)") }
        if let toBlobs { print("  INFLIO_BLOB_URL=\(toBlobs)") }
    }
}
