import Fluent
import Foundation
import SQLKit

/// `inflio migrate-storage`: the rows of the current database into another (PostgreSQL), and/or
/// the blobs of the current store into another (a bucket), directly, as a backup and a restore
/// would, then checked: row counts per table and every moved blob's SHA-256, read again from
/// both sides. The source is only read.
struct StorageMover: Sendable {
    let source: any Database
    let sourceBlobs: BlobLocation
    /// Nil: the rows stay where they are.
    let target: (any Database)?
    /// Nil: the blobs stay where they are.
    let targetBlobs: BlobLocation?
    var log: @Sendable (String) -> Void = { _ in }

    /// What was moved, and what the verification found different (empty when all is well).
    struct Outcome: Sendable {
        var summary: CopySummary
        var differences: [String]
    }

    /// `target`, when given, must be migrated.
    func move(force: Bool, allowMissing: Bool) async throws -> Outcome {
        var targetCatalog: DatabaseCatalog?
        if let target {
            let catalog = try await DatabaseCatalog.read(try target.sql())
            if !force { try await TargetCheck.requireEmpty(catalog, on: try target.sql()) }
            targetCatalog = catalog
        }
        let into = targetCatalog
        let written = WrittenBlobs()
        let copied: Copied
        do {
            copied = try await DatabaseSnapshot.read(source) { sql, catalog in
                guard catalog.isCurrent else {
                    throw BackupError.migrationsDiffer(
                        database: "The source database", expected: DatabaseCatalog.appMigrations,
                        found: catalog.migrations, remedy: "run `inflio migrate` on it first, with the service stopped")
                }
                let blobs = BlobCopier(source: sourceBlobs, target: targetBlobs, written: written)
                let reader = TableReader(db: sql, kind: catalog.kind)
                guard let target, let into else {
                    var collector = BlobKeyCollector()
                    for table in catalog.tables {
                        try await reader.forEachPage(table) { collector.collect(table: table.name, rows: $0) }
                    }
                    let moved = try await blobs.copy(referenced: collector.keys, allowMissing: allowMissing, log: log)
                    return Copied(rows: [:], blobs: moved)
                }
                try SchemaMatch.check(catalog.tables.reduce(into: [:]) { $0[$1.name] = $1.kinds }, fits: into)
                let positions = try await catalog.sequencePositions(sql)
                return try await target.transaction { transaction in
                    let loader = RowLoader(db: try transaction.sql(), catalog: into)
                    if force {
                        try await loader.wipe()
                    } else {
                        try await TargetCheck.requireEmpty(into, on: loader.db)
                    }
                    let (rows, referenced) = try await copyRows(from: reader, catalog, into: loader)
                    try await loader.setSequences(positions)
                    let moved = try await blobs.copy(referenced: referenced, allowMissing: allowMissing, log: log)
                    return Copied(rows: rows, blobs: moved)
                }
            }
        } catch {
            if let targetBlobs { await written.removeAll(from: targetBlobs) }
            throw error
        }
        let summary = CopySummary(
            rows: copied.rows, blobs: copied.blobs.digests.count,
            bytes: copied.blobs.digests.values.reduce(0) { $0 + $1.size }, missingBlobs: copied.blobs.missing)
        return Outcome(summary: summary, differences: try await verify(copied))
    }

    private struct Copied: Sendable {
        let rows: [String: Int]
        let blobs: BlobCopier.Result
    }

    /// Every table, parents first, page by page; rows per table and the blob keys they name.
    private func copyRows(from reader: TableReader, _ catalog: DatabaseCatalog, into loader: RowLoader)
        async throws -> ([String: Int], Set<String>)
    {
        var rows: [String: Int] = [:]
        var collector = BlobKeyCollector()
        for table in loader.catalog.tables {
            guard let from = catalog.table(table.name) else { continue }
            var count = 0
            try await reader.forEachPage(from) { page in
                try await loader.insert(page, into: table)
                collector.collect(table: table.name, rows: page)
                count += page.count
            }
            rows[table.name] = count
            log("\(table.name): \(count) rows")
        }
        return (rows, collector.keys)
    }

    /// Row counts per table (the source counted again now, so a write to it during the move shows)
    /// and every moved blob read back from both stores.
    private func verify(_ copied: Copied) async throws -> [String] {
        var differences: [String] = []
        if let target {
            let sourceCounts = try await DatabaseCatalog.read(try source.sql()).rowCounts(try source.sql())
            let targetCounts = try await DatabaseCatalog.read(try target.sql()).rowCounts(try target.sql())
            for name in Set(sourceCounts.keys).union(targetCounts.keys).sorted()
            where sourceCounts[name] != targetCounts[name] {
                differences.append(
                    "\(name): \(sourceCounts[name].map(String.init) ?? "no table") rows in the source, "
                        + "\(targetCounts[name].map(String.init) ?? "no table") in the target")
            }
        }
        if let targetBlobs {
            for key in copied.blobs.digests.keys.sorted() {
                let before = try await sourceBlobs.digest(key)
                let after = try await targetBlobs.digest(key)
                if before == nil {
                    differences.append("\(key) is gone from the source")
                } else if after == nil {
                    differences.append("\(key) is not in the target")
                } else if before != after {
                    differences.append("\(key) differs between source and target")
                }
            }
            log("verified \(copied.blobs.digests.count) blobs in both stores")
        }
        return differences
    }
}
