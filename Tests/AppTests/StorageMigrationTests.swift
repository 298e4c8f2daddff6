import Foundation
import S3
import TestSupport
import Testing
import Vapor

@testable import App

extension BackupTests {
    /// `inflio migrate-storage`: a laptop install (SQLite and the data folder) moved to PostgreSQL
    /// and a bucket (moto). A service started on the copy holds every row and image and shows the
    /// same persona; the source is left exactly as it was; a backup of the copy restores into
    /// SQLite and a folder as the original; a second move into the now-full database is refused.
    @Test(
        .enabled(if: TestDatabase.postgresURL != nil, "needs PostgreSQL"),
        .enabled(if: TestCluster.s3Endpoint != nil, "needs an S3 server (scripts/s3-server.sh --instance app)"))
    func aLaptopInstallMovesToPostgreSQLAndABucket() async throws {
        let source = try await PopulatedInstall.shared.value
        let s3 = try #require(TestCluster.s3Endpoint)
        let environment = [
            "AWS_ENDPOINT_URL": s3, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_REGION": "us-east-1",
        ]
        let bucketURL = "s3://inflio-move-\(UUID().uuidString.lowercased().prefix(12))/images"
        try await S3Client(url: bucketURL, environment: environment).createBucket()
        let databaseURL = try #require(try TestDatabase.postgres.makeURL())
        var config = source.service.config
        config.environment.merge(environment) { $1 }

        let before = try await InstallContents.read(source.service, exact: true)
        let summary = try await StorageCommands.migrateStorage(
            config: config, toDatabase: databaseURL, toBlobs: bucketURL, force: false, allowMissing: false,
            environment: .testing)
        #expect(summary.totalRows == before.rowCount && summary.blobs == before.blobs.count)
        #expect(summary.bytes > 0 && summary.missingBlobs.isEmpty)
        #expect(try await InstallContents.read(source.service, exact: true) == before, "the source is only read")

        let moved = try await TestService.start { moved in
            moved.databaseURL = databaseURL
            moved.blobURL = bucketURL
            moved.environment.merge(environment) { $1 }
        }
        do {
            let expected = try await InstallContents.read(source.service, exact: false)
            let copied = try await InstallContents.read(moved, exact: false)
            for (table, rows) in expected.rows.sorted(by: { $0.key < $1.key }) {
                #expect(copied.rows[table] == rows, "\(table)")
            }
            #expect(copied.blobs == expected.blobs, "every image, byte for byte, in the bucket")
            let localImages = FileManager.default.enumerator(atPath: moved.config.blobDirectory)?.allObjects ?? []
            #expect(localImages.isEmpty, "nothing on the new install's disk")
            #expect(
                try await PopulatedInstall.personaJSON(moved, token: source.token, id: source.personaID)
                    == (try await PopulatedInstall.personaJSON(
                        source.service, token: source.token, id: source.personaID)))

            // And back: a backup of the moved install (PostgreSQL, the bucket) restores into SQLite
            // and a folder as the original was.
            let folder = Self.newFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            // Read just before the backup: the requests above note their token's last use on the
            // moved install once it is a minute old (on a slow machine, it is), which the backup
            // rightly carries.
            let beforeBackup = try await InstallContents.read(moved, exact: false)
            _ = try await StorageCommands.backup(
                config: moved.config, into: folder, allowMissing: false, environment: .testing)
            let back = try await TestService.start()
            do {
                _ = try await StorageCommands.restore(
                    config: back.config, from: folder, force: false, environment: .testing)
                let restored = try await InstallContents.read(back, exact: false)
                for (table, rows) in beforeBackup.rows.sorted(by: { $0.key < $1.key }) {
                    #expect(restored.rows[table] == rows, "\(table)")
                }
                #expect(restored.blobs == beforeBackup.blobs)
            } catch {
                await back.stop()
                throw error
            }
            await back.stop()

            do {
                _ = try await StorageCommands.migrateStorage(
                    config: config, toDatabase: databaseURL, toBlobs: nil, force: false, allowMissing: false,
                    environment: .testing)
                Issue.record("moved into a database that is not empty")
            } catch let error as BackupError {
                #expect(error.code == "target_not_empty")
            }
        } catch {
            await moved.stop()
            throw error
        }
        await moved.stop()
    }
}
