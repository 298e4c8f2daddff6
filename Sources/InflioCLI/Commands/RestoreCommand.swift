import App
import ArgumentParser
import Foundation

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty database and the configured image store.")

    @ArgumentParser.Argument(help: "The folder `inflio backup` wrote.") var directory: String
    @Flag(help: "Delete every row of a database that is not empty first.") var force = false

    func run() async throws {
        let summary = try await StorageCommands.restore(
            config: try ServiceConfig.fromEnvironment(), from: directory, force: force
        ) { print($0) }
        print("Restored \(summary).")
        if !summary.missingBlobs.isEmpty {
            FileHandle.writeError(
                "The backup lacked \(summary.missingBlobs.count) images its rows name: "
                    + summary.missingBlobs.joined(separator: ", "))
        }
    }
}
