import SQLKit

/// What a restore or a move checks of its target before writing.
enum TargetCheck {
    /// Every table empty: a restore never mixes two installs' rows.
    static func requireEmpty(_ catalog: DatabaseCatalog, on db: any SQLDatabase) async throws {
        let occupied = try await catalog.rowCounts(db).filter { $0.value > 0 }
        guard occupied.isEmpty else { throw BackupError.targetNotEmpty(tables: occupied) }
    }

    /// The keys of `blobs` the target store does not hold yet, sorted. One it holds with the same
    /// bytes is left alone (and never removed on failure); one with other bytes stops everything
    /// before anything is written.
    static func blobsToWrite(_ blobs: [String: BlobDigest], into target: BlobLocation) async throws -> [String] {
        var pending: [String] = []
        for (key, digest) in blobs.sorted(by: { $0.key < $1.key }) {
            try BlobLocation.checkKey(key)
            guard let existing = try await target.digest(key) else {
                pending.append(key)
                continue
            }
            guard existing == digest else { throw BackupError.blobConflict(key: key) }
        }
        return pending
    }
}
