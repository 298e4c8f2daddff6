import Fluent
import Foundation
import SQLKit

/// `inflio restore DIR`: a verified backup into an empty, migrated database and the configured
/// blob store. Rows go in, in dependency order, in one transaction, with every value kept; then
/// the id sequences; then the blobs, still inside the transaction, so a failure anywhere rolls the
/// rows back and removes the blobs written so far.
struct Restorer {
    let archive: BackupArchive
    let database: any Database
    let blobs: BlobLocation
    var log: @Sendable (String) -> Void = { _ in }

    /// The archive must have been verified (BackupArchive.verify) and the database migrated.
    func restore(force: Bool) async throws -> CopySummary {
        let manifest = archive.manifest
        let catalog = try await DatabaseCatalog.read(try database.sql())
        guard Set(manifest.migrations) == Set(catalog.migrations) else {
            throw BackupError.migrationsDiffer(
                database: "The backup", expected: catalog.migrations, found: manifest.migrations,
                remedy: "restore it with the inflio that made it, then run `inflio migrate` with this one")
        }
        try SchemaMatch.check(manifest.tables.mapValues(\.columns), fits: catalog)
        if !force { try await TargetCheck.requireEmpty(catalog, on: try database.sql()) }
        let pending = try await TargetCheck.blobsToWrite(
            manifest.blobs.mapValues { BlobDigest(size: $0.size, sha256: $0.sha256) }, into: blobs)

        let written = WrittenBlobs()
        let (archive, blobs, log) = (archive, blobs, log)
        do {
            try await database.transaction { transaction in
                let loader = RowLoader(db: try transaction.sql(), catalog: catalog)
                if force { try await loader.wipe() } else { try await TargetCheck.requireEmpty(catalog, on: loader.db) }
                for table in catalog.tables {
                    guard let entry = manifest.tables[table.name] else { continue }
                    try await JSONLinesReader(path: archive.path(entry.file)).forEachPage { rows in
                        try await loader.insert(rows, into: table)
                    }
                    log("\(table.name): \(entry.rows) rows")
                }
                try await loader.setSequences(manifest.sequences)
                for key in pending {
                    let bytes = try [UInt8](
                        Data(contentsOf: URL(fileURLWithPath: archive.path(BackupManifest.blobFile(key)))))
                    try await blobs.write(bytes, at: key)
                    await written.add(key)
                }
                log("blobs: \(pending.count) written, \(manifest.blobs.count - pending.count) already there")
            }
        } catch {
            await written.removeAll(from: blobs)
            throw error
        }
        return CopySummary(
            rows: manifest.tables.mapValues(\.rows), blobs: manifest.blobs.count,
            bytes: manifest.blobs.values.reduce(0) { $0 + $1.size }, missingBlobs: manifest.missingBlobs)
    }
}
