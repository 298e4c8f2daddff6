import Foundation
import Vapor

/// What `inflio backup`, `inflio restore` and `inflio migrate-storage` do, on the service's own
/// settings (ServiceConfig: `DATABASE_URL` or the SQLite file in `INFLIO_DATA_DIR`, and
/// `INFLIO_BLOB_URL` or the data folder). Progress goes to `log`, a line at a time.
public enum StorageCommands {
    public typealias Log = @Sendable (String) -> Void

    /// A backup of the configured database and blob store into `directory` (new or empty).
    public static func backup(
        config: ServiceConfig, into directory: String, allowMissing: Bool, environment: Environment = .production,
        log: @escaping Log = { _ in }
    ) async throws -> CopySummary {
        try await OperatorStorage.with(config, environment: environment, requireExisting: true) { storage in
            try await BackupWriter(
                database: storage.database(OperatorStorage.configured),
                blobs: try OperatorStorage.blobs(config, logger: storage.app.logger), directory: directory, log: log
            ).write(allowMissing: allowMissing)
        }
    }

    /// The backup in `directory`, verified first, into the configured database (migrated here;
    /// emptied first with `force`) and blob store.
    public static func restore(
        config: ServiceConfig, from directory: String, force: Bool, environment: Environment = .production,
        log: @escaping Log = { _ in }
    ) async throws -> CopySummary {
        let archive = try BackupArchive(directory: directory)
        try await archive.verify(log: log)
        return try await OperatorStorage.with(
            config, environment: environment, requireExisting: false, migrate: [OperatorStorage.configured]
        ) { storage in
            try await Restorer(
                archive: archive, database: storage.database(OperatorStorage.configured),
                blobs: try OperatorStorage.blobs(config, logger: storage.app.logger), log: log
            ).restore(force: force)
        }
    }

    /// The configured database into `toDatabase` (a PostgreSQL URL) and/or the configured blob
    /// store into `toBlobs` (`s3://bucket/prefix`), then verified. Throws `verificationFailed`
    /// after logging the summary when the copy differs from the source.
    public static func migrateStorage(
        config: ServiceConfig, toDatabase: String?, toBlobs: String?, force: Bool, allowMissing: Bool,
        environment: Environment = .production, log: @escaping Log = { _ in }
    ) async throws -> CopySummary {
        guard toDatabase != nil || toBlobs != nil else {
            throw BackupError.invalidRequest("Give --to-database, --to-blobs or both.")
        }
        if let toDatabase {
            guard toDatabase.hasPrefix("postgres://") || toDatabase.hasPrefix("postgresql://") else {
                throw BackupError.invalidRequest("--to-database takes a postgres:// URL.")
            }
            if toDatabase == config.databaseURL { throw BackupError.sameSourceAndTarget(toDatabase) }
        }
        if let toBlobs {
            guard toBlobs.hasPrefix("s3://") else { throw BackupError.invalidRequest("--to-blobs takes an s3:// URL.") }
            if toBlobs == config.blobURL { throw BackupError.sameSourceAndTarget(toBlobs) }
        }
        return try await OperatorStorage.with(
            config, environment: environment, requireExisting: true, targetURL: toDatabase,
            migrate: toDatabase == nil ? [] : [OperatorStorage.target]
        ) { storage in
            let logger = storage.app.logger
            let outcome = try await StorageMover(
                source: storage.database(OperatorStorage.configured),
                sourceBlobs: try OperatorStorage.blobs(config, logger: logger),
                target: toDatabase == nil ? nil : storage.database(OperatorStorage.target),
                targetBlobs: try toBlobs.map { try OperatorStorage.bucket($0, config: config, logger: logger) },
                log: log
            ).move(force: force, allowMissing: allowMissing)
            guard outcome.differences.isEmpty else {
                log("copied: \(outcome.summary)")
                throw BackupError.verificationFailed(outcome.differences)
            }
            return outcome.summary
        }
    }
}
