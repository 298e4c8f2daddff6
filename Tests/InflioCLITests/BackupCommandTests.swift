import Foundation
import Testing

extension CLITests {
    /// `inflio backup`, `inflio restore` and `inflio migrate-storage` as an operator runs them:
    /// exit statuses and what they say. What they copy is tested in AppTests (BackupTests).
    @Suite("inflio backup and restore")
    struct BackupCommandTests {
        @Test func anAccountSurvivesBackupAndRestoreIntoAnotherDataFolder() throws {
            let folder = try TemporaryDirectory()
            let original = ["INFLIO_DATA_DIR": folder.url.appendingPathComponent("data").path]
            let copy = ["INFLIO_DATA_DIR": folder.url.appendingPathComponent("copy").path]
            let backup = folder.url.appendingPathComponent("backup").path
            #expect(try CLI.run(["user", "create", "ops@example.com"], environment: original).status == 0)

            let made = try CLI.run(["backup", backup], environment: original)
            #expect(made.status == 0 && made.stdout.contains("users: 1 rows"), "\(made.stderr)")
            #expect(FileManager.default.fileExists(atPath: backup + "/manifest.json"))
            let again = try CLI.run(["backup", backup], environment: original)
            #expect(again.status != 0 && again.stderr.contains("already holds files"), "\(again.stderr)")

            let restored = try CLI.run(["restore", backup], environment: copy)
            #expect(restored.status == 0 && restored.stdout.contains("Restored"), "\(restored.stderr)")
            let tokens = try CLI.run(["user", "tokens", "ops@example.com", "--json"], environment: original)
            let copiedTokens = try CLI.run(["user", "tokens", "ops@example.com", "--json"], environment: copy)
            #expect(
                tokens.status == 0 && copiedTokens.stdout == tokens.stdout, "the account and its token, as they were")

            let twice = try CLI.run(["restore", backup], environment: copy)
            #expect(twice.status != 0 && twice.stderr.contains("--force"), "\(twice.stderr)")
            #expect(try CLI.run(["restore", backup, "--force"], environment: copy).status == 0)

            let nowhere = try CLI.run(["restore", folder.url.path], environment: copy)
            #expect(nowhere.status != 0 && nowhere.stderr.contains("manifest.json"), "\(nowhere.stderr)")
            let aimless = try CLI.run(["migrate-storage"], environment: original)
            #expect(aimless.status != 0 && aimless.stderr.contains("--to-database"), "\(aimless.stderr)")
        }
    }
}
