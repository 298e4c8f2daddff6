import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// What backups and restores refuse, and what they leave behind when they do: nothing.
extension BackupTests {
    /// One changed byte in a table file or an image: the restore stops before its first write.
    @Test func aTamperedBackupIsRefusedWithNothingWritten() async throws {
        let source = try await PopulatedInstall.shared.value
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try await StorageCommands.backup(
            config: source.service.config, into: folder, allowMissing: false, environment: .testing)
        let manifest = try BackupArchive(directory: folder).manifest
        let image = try #require(manifest.blobs.keys.sorted().first)
        for file in [BackupManifest.tableFile("persona_images"), BackupManifest.blobFile(image)] {
            let path = folder + "/" + file
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            var changed = original
            changed[changed.count / 2] ^= 0x01
            try changed.write(to: URL(fileURLWithPath: path))
            let target = try await TestService.start()
            do {
                do {
                    _ = try await StorageCommands.restore(
                        config: target.config, from: folder, force: false, environment: .testing)
                    Issue.record("\(file): a changed backup was restored")
                } catch let error as BackupError {
                    #expect(error.code == "backup_file_mismatch" && "\(error)".contains(file), "\(error)")
                }
                let left = try await InstallContents.read(target, exact: true)
                #expect(left.rowCount == 0 && left.blobs.isEmpty, "\(file): nothing written")
            } catch {
                await target.stop()
                throw error
            }
            await target.stop()
            try original.write(to: URL(fileURLWithPath: path))
        }
        do {
            _ = try await StorageCommands.backup(
                config: source.service.config, into: folder, allowMissing: false, environment: .testing)
            Issue.record("a backup went into a folder holding another backup")
        } catch let error as BackupError {
            #expect(error.code == "backup_directory_not_empty")
        }
    }

    /// A database that already holds an account is not restored into (the two installs would mix);
    /// with `force` it is emptied first and holds exactly the backup.
    @Test func aDatabaseThatIsNotEmptyIsRefusedUnlessForced() async throws {
        let source = try await PopulatedInstall.shared.value
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let expected = try await InstallContents.read(source.service, exact: true)
        _ = try await StorageCommands.backup(
            config: source.service.config, into: folder, allowMissing: false, environment: .testing)
        let target = try await TestService.start()
        do {
            _ = try await target.signUp("someone-else@example.com")
            let occupied = try await InstallContents.read(target, exact: true)
            do {
                _ = try await StorageCommands.restore(
                    config: target.config, from: folder, force: false, environment: .testing)
                Issue.record("restored into a database holding an account")
            } catch let error as BackupError {
                #expect(error.code == "target_not_empty" && "\(error)".contains("users: 1 rows"), "\(error)")
            }
            #expect(try await InstallContents.read(target, exact: true) == occupied, "left as it was")

            _ = try await StorageCommands.restore(
                config: target.config, from: folder, force: true, environment: .testing)
            let restored = try await InstallContents.read(target, exact: true)
            #expect(restored == expected)
            #expect(try await User.query(on: target.app.db).filter(\.$email == "someone-else@example.com").count() == 0)
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
    }

    /// An image the blob store cannot take halfway through: the rows are rolled back and the
    /// images written before it removed again.
    @Test func aRestoreThatFailsHalfwayLeavesNoRowsAndNoImages() async throws {
        let source = try await PopulatedInstall.shared.value
        let folder = Self.newFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try await StorageCommands.backup(
            config: source.service.config, into: folder, allowMissing: false, environment: .testing)
        let target = try await TestService.start()
        do {
            // A file where the persona's portraits folder must go: the photos (sorted first) are
            // written, then the first portrait fails.
            let portraits =
                "\(target.config.blobDirectory)/\(PersonaStore.folder(try #require(UUID(uuidString: source.personaID))))/portraits"
            try FileManager.default.createDirectory(
                atPath: (portraits as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("in the way".utf8).write(to: URL(fileURLWithPath: portraits))
            await #expect(throws: (any Error).self) {
                try await StorageCommands.restore(
                    config: target.config, from: folder, force: false, environment: .testing)
            }
            let left = try await InstallContents.read(target, exact: true)
            #expect(left.rowCount == 0, "the transaction was rolled back")
            #expect(Array(left.blobs.keys) == [String(portraits.dropFirst(target.config.blobDirectory.count + 1))])
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
    }

    /// An image a row names but the store lacks is listed as missing and fails the backup (the
    /// backup is still written, whole otherwise); `allowMissing` accepts it, and such a backup restores.
    @Test func anImageMissingFromTheStoreIsReportedNotSkipped() async throws {
        let source = try await PopulatedInstall.shared.value
        let full = Self.newFolder()
        let partial = Self.newFolder()
        let accepted = Self.newFolder()
        defer { for folder in [full, partial, accepted] { try? FileManager.default.removeItem(atPath: folder) } }
        _ = try await StorageCommands.backup(
            config: source.service.config, into: full, allowMissing: false, environment: .testing)
        // A copy of the install of its own to break.
        let copy = try await TestService.start()
        let other = try await TestService.start()
        do {
            _ = try await StorageCommands.restore(config: copy.config, from: full, force: false, environment: .testing)
            let portrait = try #require(
                try await PersonaImage.query(on: copy.app.db).all().first { $0.metadata.type == .referencePortrait })
            let key = portrait.metadata.storageKey
            try FileManager.default.removeItem(atPath: copy.config.blobDirectory + "/" + key)

            do {
                _ = try await StorageCommands.backup(
                    config: copy.config, into: partial, allowMissing: false, environment: .testing)
                Issue.record("a backup missing an image succeeded")
            } catch let error as BackupError {
                #expect(error == .missingBlobs([key]))
            }
            let manifest = try BackupArchive(directory: partial).manifest
            #expect(manifest.missingBlobs == [key] && manifest.blobs[key] == nil)
            #expect(manifest.tables["persona_images"]?.rows == (try await PersonaImage.query(on: copy.app.db).count()))

            let summary = try await StorageCommands.backup(
                config: copy.config, into: accepted, allowMissing: true, environment: .testing)
            #expect(summary.missingBlobs == [key])
            let restored = try await StorageCommands.restore(
                config: other.config, from: accepted, force: false, environment: .testing)
            #expect(restored.missingBlobs == [key])
            #expect(try await PersonaImage.find(portrait.requireID(), on: other.app.db) != nil, "its row is kept")
        } catch {
            await copy.stop()
            await other.stop()
            throw error
        }
        await copy.stop()
        await other.stop()
    }
}
