import Fluent
import Foundation
import PersonaKit
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 14, operating it: `inflio backup`, `inflio restore` and `inflio migrate-storage`, through
/// the functions the commands call, on a real install (PopulatedInstall). One at a time: they
/// share that install, and a request to it (which notes its token's last use) must not land
/// between a test's reading of its rows and its backup.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), .serialized)
struct BackupTests {
    /// Backup, then a fresh database and blob folder, then restore: every row of every table with
    /// every value, the same images, and the same persona from the API. SQLite to SQLite keeps
    /// values byte for byte; SQLite to PostgreSQL keeps them as PostgreSQL holds them (dates to the
    /// microsecond, JSON by its meaning).
    @Test(arguments: TestDatabase.all)
    func aRestoredBackupHoldsTheSameRowsImagesAndPersonas(target: TestDatabase) async throws {
        let source = try await PopulatedInstall.shared.value
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = try await InstallContents.read(source.service, exact: target == .sqlite)
        let backedUp = try await StorageCommands.backup(
            config: source.service.config, into: folder, allowMissing: false, environment: .testing)
        #expect(backedUp.totalRows == before.rowCount && backedUp.blobs == before.blobs.count)
        #expect(backedUp.missingBlobs.isEmpty)
        for table in ["users", "user_tokens", "onboarding_progress", "funnel_events", "brands", "ledger_entries"] {
            #expect(backedUp.rows[table] ?? 0 > 0, "the install has \(table) rows")
        }
        #expect(backedUp.rows["persona_events"] ?? 0 > 10 && backedUp.rows["persona_images"] ?? 0 >= 11)

        let restored = try await TestService.start(target)
        do {
            let summary = try await StorageCommands.restore(
                config: restored.config, from: folder, force: false, environment: .testing)
            #expect(summary.totalRows == before.rowCount)
            let after = try await InstallContents.read(restored, exact: target == .sqlite)
            #expect(Set(after.rows.keys) == Set(before.rows.keys))
            for (table, rows) in before.rows.sorted(by: { $0.key < $1.key }) {
                #expect(after.rows[table] == rows, "\(table)")
            }
            #expect(after.blobs == before.blobs, "the same image bytes under the same keys")
            #expect(!after.blobs.isEmpty)

            // What a user sees: the same persona, through the restored token.
            let shown = try await PopulatedInstall.personaJSON(restored, token: source.token, id: source.personaID)
            #expect(
                shown
                    == (try await PopulatedInstall.personaJSON(
                        source.service, token: source.token, id: source.personaID)))
            for image in try await PersonaImage.query(on: restored.app.db).all() {
                let path = MediaPath(imageID: try image.requireID()).description
                let served = try await restored.send(.GET, path, token: source.token)
                let original = try await source.service.send(.GET, path, token: source.token)
                #expect(served.status == .ok && served.bytes == original.bytes, "\(path) is served as before")
            }

            // Ids continue after the restored ones (on PostgreSQL the sequence was moved).
            let personaID = try #require(UUID(uuidString: source.personaID))
            let lastID = try await PersonaEventRecord.query(on: restored.app.db).max(\.$id) ?? 0
            try await restored.app.inflio.events.publish(
                "test_event", personaID: personaID, data: .object([:]), on: restored.app.db)
            let newest = try await PersonaEventRecord.query(on: restored.app.db).max(\.$id) ?? 0
            #expect(newest > lastID)
        } catch {
            await restored.stop()
            throw error
        }
        await restored.stop()
    }

    static func newFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("inflio-backup-\(UUID().uuidString)").path
    }
}

extension BackupTests {
    /// The backup reads every table in one snapshot while accounts are being made: a session read
    /// without its account (users are read before user_tokens, so without a snapshot the newest
    /// sessions would be) would fail the restore's foreign key.
    static let writers = 4

    @Test(arguments: TestDatabase.all)
    func aBackupWhileTheServiceWritesIsConsistent(database: TestDatabase) async throws {
        let service = try await TestService.start(database) { $0.rateLimits = false }
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let writers = (0..<Self.writers).map { _ in
                Task {
                    while !Task.isCancelled { _ = try await service.signUp(consent: false) }
                }
            }
            try await waitFor("some accounts") { try await User.query(on: service.app.db).count() >= 3 }
            let summary = try await StorageCommands.backup(
                config: service.config, into: folder, allowMissing: false, environment: .testing)
            for writer in writers { writer.cancel() }
            for writer in writers { _ = await writer.result }
            // A sign-up makes the account, then its session: each writer leaves at most one account
            // without its session yet, and never a session without its account.
            let users = summary.rows["users"] ?? 0
            let sessions = summary.rows["user_tokens"] ?? 0
            #expect(users >= 3 && (0...Self.writers).contains(users - sessions), "\(summary.rows)")
            let target = try await TestService.start()
            do {
                let restored = try await StorageCommands.restore(
                    config: target.config, from: folder, force: false, environment: .testing)
                #expect(restored.rows == summary.rows)
            } catch {
                await target.stop()
                throw error
            }
            await target.stop()
        } catch {
            await service.stop()
            throw error
        }
        await service.stop()
    }
}
