import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import S3
import Vapor

/// The databases and blob stores an operator command works on, opened from the service's
/// settings without the rest of the service (no face models, no routes, no jobs).
final class OperatorStorage: Sendable {
    let app: Application
    static let configured = DatabaseID(string: "configured")
    static let target = DatabaseID(string: "target")

    private init(app: Application) { self.app = app }

    /// Runs `body` with an application holding the configured database and, with `targetURL`,
    /// a second one. Only the databases named in `migrate` are migrated: a source never is.
    static func with<T: Sendable>(
        _ config: ServiceConfig, environment: Environment, requireExisting: Bool, targetURL: String? = nil,
        migrate: [DatabaseID] = [], _ body: (OperatorStorage) async throws -> T
    ) async throws -> T {
        if requireExisting, !config.usesPostgres, !FileManager.default.fileExists(atPath: config.sqlitePath) {
            throw BackupError.noSourceDatabase(config.sqlitePath)
        }
        let app = try await Application.make(environment)
        do {
            // SQLite runs its queries on the application's pool: one of its own, as `configure` does.
            app.threadPool = NIOThreadPool(numberOfThreads: 2)
            if config.usesPostgres, let url = config.databaseURL {
                try app.databases.use(
                    .postgres(url: url, maxConnectionsPerEventLoop: 2, connectionPoolTimeout: databasePoolTimeout),
                    as: configured)
            } else {
                if !requireExisting {
                    try FileManager.default.createDirectory(
                        atPath: config.dataDirectory, withIntermediateDirectories: true)
                }
                app.databases.use(
                    .sqlite(.file(config.sqlitePath), connectionPoolTimeout: databasePoolTimeout), as: configured)
            }
            if let targetURL {
                try app.databases.use(
                    .postgres(
                        url: targetURL, maxConnectionsPerEventLoop: 2, connectionPoolTimeout: databasePoolTimeout),
                    as: target)
            }
            for id in migrate { app.migrations.add(Migrations.all, to: id) }
            if !migrate.isEmpty { try await app.autoMigrate() }
            let result = try await body(OperatorStorage(app: app))
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    func database(_ id: DatabaseID) -> any Database { app.db(id) }

    /// The configured store: the bucket of `INFLIO_BLOB_URL`, or the data folder's `images/`
    /// (not created when absent: a source is only read).
    static func blobs(_ config: ServiceConfig, logger: Logger) throws -> BlobLocation {
        guard let url = config.blobURL else { return .folder(config.blobDirectory) }
        return try bucket(url, config: config, logger: logger)
    }

    static func bucket(_ url: String, config: ServiceConfig, logger: Logger) throws -> BlobLocation {
        do {
            return .bucket(
                try S3BlobStore(
                    url: url, environment: config.environment, httpClient: InflioServices.blobHTTPClient,
                    logger: logger))
        } catch {
            throw BackupError.invalidRequest("\(url): \(error)")
        }
    }
}
