import Fluent
import Foundation
import SQLKit

/// `inflio backup DIR`: every table's rows, read in one snapshot, as JSON Lines; then every blob
/// the rows name and every blob the store holds, under `blobs/`; then `manifest.json`, last, so
/// a folder without it is an interrupted backup. Rows and blobs stream through: memory holds a
/// page of rows, a MiB of a blob and the set of blob keys.
struct BackupWriter {
    let database: any Database
    let blobs: BlobLocation
    let directory: String
    var log: @Sendable (String) -> Void = { _ in }

    func write(allowMissing: Bool) async throws -> CopySummary {
        try Self.prepare(directory)
        let directory = directory
        let log = log
        let snapshot = try await DatabaseSnapshot.read(database) { sql, catalog in
            guard catalog.isCurrent else {
                throw BackupError.migrationsDiffer(
                    database: "The database", expected: DatabaseCatalog.appMigrations, found: catalog.migrations,
                    remedy: "back it up with the inflio that runs it")
            }
            var tables: [String: BackupManifest.Table] = [:]
            var collector = BlobKeyCollector()
            let reader = TableReader(db: sql, kind: catalog.kind)
            for table in catalog.tables {
                let file = BackupManifest.tableFile(table.name)
                let writer = try HashingFileWriter(path: (directory as NSString).appendingPathComponent(file))
                var count = 0
                try await reader.forEachPage(table) { rows in
                    for row in rows {
                        try writer.write(try RowJSON.encoder.encode(row))
                        try writer.write(CollectionOfOne(UInt8(ascii: "\n")))
                    }
                    count += rows.count
                    collector.collect(table: table.name, rows: rows)
                }
                let digest = try writer.finish()
                tables[table.name] = .init(
                    file: file, rows: count, sha256: digest.sha256,
                    columns: Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.kind) }))
                log("\(table.name): \(count) rows")
            }
            return Snapshot(
                kind: catalog.kind, migrations: catalog.migrations, tables: tables,
                sequences: try await catalog.sequencePositions(sql), referenced: collector.keys)
        }

        var summary = CopySummary(rows: snapshot.tables.mapValues(\.rows))
        var copied: [String: BackupManifest.Blob] = [:]
        var missing: [String] = []
        // The store listed after the snapshot: a blob deleted meanwhile with its rows is then
        // missing (named by the snapshot, gone from the store), never silently left out.
        let stored = Set(try await blobs.keys())
        for key in snapshot.referenced.union(stored).sorted() {
            let referenced = snapshot.referenced.contains(key)
            guard let digest = try await copy(key) else {
                if referenced { missing.append(key) }
                continue
            }
            copied[key] = .init(size: digest.size, sha256: digest.sha256, referenced: referenced)
            summary.blobs += 1
            summary.bytes += digest.size
        }
        log("blobs: \(summary.blobs) copied" + (missing.isEmpty ? "" : ", \(missing.count) missing"))
        summary.missingBlobs = missing

        let manifest = BackupManifest(
            createdAt: Date(), sourceDatabase: snapshot.kind, sourceBlobs: blobs.description,
            migrations: snapshot.migrations, tables: snapshot.tables, sequences: snapshot.sequences, blobs: copied,
            missingBlobs: missing)
        try Self.writeManifest(manifest, in: directory)
        if !missing.isEmpty, !allowMissing { throw BackupError.missingBlobs(missing) }
        return summary
    }

    /// What the snapshot's transaction hands out.
    private struct Snapshot: Sendable {
        let kind: DatabaseKind
        let migrations: [String]
        let tables: [String: BackupManifest.Table]
        let sequences: [String: Int64]
        let referenced: Set<String>
    }

    /// Copies one blob into `blobs/<key>`; its digest, or nil (and no file) when the store has none.
    private func copy(_ key: String) async throws -> BlobDigest? {
        try BlobLocation.checkKey(key)
        let path = (directory as NSString).appendingPathComponent(BackupManifest.blobFile(key))
        let writer = try HashingFileWriter(path: path)
        let found = try await blobs.read(key) { try writer.write($0.readableBytesView) }
        let digest = try writer.finish()
        guard found else {
            try? FileManager.default.removeItem(atPath: path)
            return nil
        }
        return digest
    }

    /// A new folder, or an empty one: a backup never mixes with other files. A new one is the
    /// owner's alone (0700): it holds password hashes, identity centroids and every photo.
    static func prepare(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty else {
                throw BackupError.directoryNotEmpty(directory)
            }
            return
        }
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Written under a temporary name, then renamed: a manifest is there whole or not at all.
    static func writeManifest(_ manifest: BackupManifest, in directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(BackupManifest.fileName)
        let temporary = path + ".part"
        try BackupManifest.encoder.encode(manifest).write(to: URL(fileURLWithPath: temporary), options: .atomic)
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }
}
