import App
import ArgumentParser
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database and the stored images into a new folder, while the service runs.")

    @ArgumentParser.Argument(help: "A new or empty folder to write the backup into.") var directory: String
    @Flag(help: "Exit 0 even when rows name images missing from the store (they are listed in the manifest).")
    var allowMissing = false

    func run() async throws {
        let summary: CopySummary
        do {
            summary = try await StorageCommands.backup(
                config: try ServiceConfig.fromEnvironment(), into: directory, allowMissing: allowMissing
            ) { print($0) }
        } catch BackupError.missingBlobs(let keys) {
            // The backup is written, whole but for these: say where, and still fail, so a script notices.
            FileHandle.writeError(
                "\(BackupError.missingBlobs(keys))\nThe backup in \(directory) is written without "
                    + "\(keys.count == 1 ? "it" : "them"); manifest.json lists \(keys.count == 1 ? "it" : "them") "
                    + "under missingBlobs.")
            throw ExitCode.failure
        }
        print("Backed up \(summary) into \(directory).")
        if !summary.missingBlobs.isEmpty {
            FileHandle.writeError("Missing from the store: \(summary.missingBlobs.joined(separator: ", "))")
        }
    }
}
