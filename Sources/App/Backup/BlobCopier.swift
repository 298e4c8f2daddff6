/// Copies blobs from one store to another (a storage move), or only checks that the rows' blobs
/// are there when they stay where they are.
struct BlobCopier: Sendable {
    let source: BlobLocation
    /// Nil: the blobs stay in `source`.
    let target: BlobLocation?
    let written: WrittenBlobs

    struct Result: Sendable {
        /// Each blob moved (or already in the target with the same bytes), as read from the source.
        var digests: [String: BlobDigest] = [:]
        /// Keys rows name that the source store does not hold.
        var missing: [String] = []
    }

    /// The referenced keys and everything the source store holds, one blob in memory at a time.
    /// Rows naming blobs the store lacks throw `missingBlobs` once all are known (the caller rolls
    /// the move back), unless `allowMissing`.
    func copy(referenced: Set<String>, allowMissing: Bool, log: @Sendable (String) -> Void) async throws -> Result {
        let result = try await copyAll(referenced: referenced, log: log)
        if !result.missing.isEmpty, !allowMissing { throw BackupError.missingBlobs(result.missing) }
        return result
    }

    private func copyAll(referenced: Set<String>, log: @Sendable (String) -> Void) async throws -> Result {
        var result = Result()
        let stored = Set(try await source.keys())
        guard let target else {
            result.missing = referenced.subtracting(stored).sorted()
            log(
                "blobs: staying in \(source.description)"
                    + (result.missing.isEmpty ? "" : ", \(result.missing.count) missing"))
            return result
        }
        var written = 0
        for key in referenced.union(stored).sorted() {
            try BlobLocation.checkKey(key)
            guard let (bytes, sha256) = try await source.bytes(key) else {
                if referenced.contains(key) { result.missing.append(key) }
                continue
            }
            let digest = BlobDigest(size: bytes.count, sha256: sha256)
            if let existing = try await target.digest(key) {
                guard existing == digest else { throw BackupError.blobConflict(key: key) }
            } else {
                try await target.write(bytes, at: key)
                await self.written.add(key)
                written += 1
            }
            result.digests[key] = digest
        }
        log("blobs: \(written) written to \(target.description), \(result.digests.count - written) already there")
        return result
    }
}
