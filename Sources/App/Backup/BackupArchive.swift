import Foundation

/// A backup's folder, opened for a restore: its manifest, read and checked before anything is
/// written anywhere.
struct BackupArchive: Sendable {
    let directory: String
    let manifest: BackupManifest

    init(directory: String) throws {
        self.directory = directory
        let path = (directory as NSString).appendingPathComponent(BackupManifest.fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BackupError.unreadableManifest(
                path: path, reason: "there is no manifest.json (an unfinished backup?)")
        }
        do {
            manifest = try BackupManifest.decoder.decode(BackupManifest.self, from: data)
        } catch {
            throw BackupError.unreadableManifest(path: path, reason: "manifest.json does not parse (\(error))")
        }
        guard manifest.format == "inflio-backup" else {
            throw BackupError.unreadableManifest(path: path, reason: "it is not an inflio backup's manifest")
        }
        guard manifest.formatVersion == BackupManifest.currentFormat else {
            throw BackupError.unreadableManifest(
                path: path,
                reason:
                    "its format is version \(manifest.formatVersion), this inflio reads \(BackupManifest.currentFormat)"
            )
        }
    }

    func path(_ file: String) -> String { (directory as NSString).appendingPathComponent(file) }

    /// Every table file and every blob against the manifest (size, SHA-256, and each table's row
    /// count): the first difference stops the restore before it writes.
    func verify(log: @Sendable (String) -> Void = { _ in }) async throws {
        for (name, table) in manifest.tables.sorted(by: { $0.key < $1.key }) {
            guard table.file == BackupManifest.tableFile(name) else {
                throw BackupError.tampered(file: table.file, reason: "it is not where the manifest keeps \(name)")
            }
            try check(table.file, sha256: table.sha256, size: nil)
            var rows = 0
            try await JSONLinesReader(path: path(table.file)).forEachPage { rows += $0.count }
            guard rows == table.rows else {
                throw BackupError.tampered(file: table.file, reason: "\(rows) rows, the manifest says \(table.rows)")
            }
        }
        for (key, blob) in manifest.blobs.sorted(by: { $0.key < $1.key }) {
            try BlobLocation.checkKey(key)
            try check(BackupManifest.blobFile(key), sha256: blob.sha256, size: blob.size)
        }
        log("verified \(manifest.tables.count) table files and \(manifest.blobs.count) blobs")
    }

    private func check(_ file: String, sha256: String, size: Int?) throws {
        guard let digest = try FileDigest.of(path(file)) else {
            throw BackupError.tampered(file: file, reason: "the file is missing")
        }
        if let size, digest.size != size {
            throw BackupError.tampered(file: file, reason: "\(digest.size) bytes, the manifest says \(size)")
        }
        guard digest.sha256 == sha256 else {
            throw BackupError.tampered(file: file, reason: "its SHA-256 is not the manifest's")
        }
    }
}
