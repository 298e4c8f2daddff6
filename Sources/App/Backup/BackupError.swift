import Foundation

/// Why a backup, a restore or a storage move stopped, with what the operator needs to act on it.
/// Each case has a stable `code`; the description is a sentence for a person.
public enum BackupError: Error, Sendable, Equatable {
    /// The backup folder exists and holds files: a backup never mixes with other files.
    case directoryNotEmpty(String)
    /// No manifest.json, or one this version cannot read.
    case unreadableManifest(path: String, reason: String)
    /// A file of the backup is missing or its bytes are not those the manifest recorded.
    case tampered(file: String, reason: String)
    /// The database (or the backup) was migrated by another version of inflio; `remedy` says
    /// what to run instead.
    case migrationsDiffer(database: String, expected: [String], found: [String], remedy: String)
    /// The tables or columns of the backup and of the database do not match.
    case schemaDiffers(String)
    /// The target already holds rows: restoring would mix two installs.
    case targetNotEmpty(tables: [String: Int])
    /// The blob store already holds a blob under a key the backup brings, with other bytes.
    case blobConflict(key: String)
    /// Rows name blobs that are not in the store (a backup is still written, and lists them in
    /// its manifest; a move is rolled back).
    case missingBlobs([String])
    /// A column type this code does not know how to copy; better to stop than to guess.
    case unsupportedColumn(table: String, column: String, type: String)
    /// A value that does not fit the column it goes to.
    case unconvertibleValue(table: String, column: String, reason: String)
    /// A table without a single-column primary key cannot be read page by page.
    case noPrimaryKey(String)
    /// A blob key that would escape the folder it is copied to.
    case unsafeBlobKey(String)
    /// The source database is not there (it would be created empty otherwise).
    case noSourceDatabase(String)
    /// Moving storage onto itself.
    case sameSourceAndTarget(String)
    /// The storage move was written but the verification found differences.
    case verificationFailed([String])
    /// The command was given nothing to do, or something it cannot use.
    case invalidRequest(String)

    public var code: String {
        switch self {
        case .directoryNotEmpty: "backup_directory_not_empty"
        case .unreadableManifest: "backup_manifest_unreadable"
        case .tampered: "backup_file_mismatch"
        case .migrationsDiffer: "migrations_differ"
        case .schemaDiffers: "schema_differs"
        case .targetNotEmpty: "target_not_empty"
        case .blobConflict: "blob_conflict"
        case .missingBlobs: "blobs_missing"
        case .unsupportedColumn: "unsupported_column"
        case .unconvertibleValue: "unconvertible_value"
        case .noPrimaryKey: "no_primary_key"
        case .unsafeBlobKey: "unsafe_blob_key"
        case .noSourceDatabase: "no_source_database"
        case .sameSourceAndTarget: "same_source_and_target"
        case .verificationFailed: "verification_failed"
        case .invalidRequest: "invalid_request"
        }
    }
}

extension BackupError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .directoryNotEmpty(let path):
            "\(path) already holds files: give a new or empty folder, a backup never mixes with other files."
        case .unreadableManifest(let path, let reason):
            "\(path) is not a backup this version can read: \(reason)."
        case .tampered(let file, let reason):
            "The backup's \(file) is not what was backed up (\(reason)); nothing was written."
        case .migrationsDiffer(let database, let expected, let found, let remedy):
            "\(database) was migrated by another version of inflio (\(Self.difference(expected, found))): \(remedy)."
        case .schemaDiffers(let detail):
            "The backup's tables do not match this database's: \(detail)."
        case .targetNotEmpty(let tables):
            "The target database is not empty ("
                + tables.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) rows" }.joined(separator: ", ")
                + "): restore into an empty database, or add --force to wipe it first."
        case .blobConflict(let key):
            "The blob store already holds \(key) with other bytes than the backup's; nothing was written."
        case .missingBlobs(let keys):
            "\(keys.count) image\(keys.count == 1 ? "" : "s") named by the database \(keys.count == 1 ? "is" : "are") "
                + "not in the blob store (\(keys.prefix(3).joined(separator: ", "))\(keys.count > 3 ? ", …" : "")). "
                + "Add --allow-missing to go on without \(keys.count == 1 ? "it" : "them")."
        case .unsupportedColumn(let table, let column, let type):
            "\(table).\(column) has the type \(type), which backups do not know how to copy."
        case .unconvertibleValue(let table, let column, let reason):
            "A value of \(table).\(column) cannot be copied: \(reason)."
        case .noPrimaryKey(let table):
            "The table \(table) has no single-column primary key to read it in order."
        case .unsafeBlobKey(let key):
            "The blob key \(key.debugDescription) would leave the backup's folder."
        case .noSourceDatabase(let path):
            "There is no database at \(path): check INFLIO_DATA_DIR or DATABASE_URL."
        case .sameSourceAndTarget(let what):
            "The target is the source (\(what)): give another place to move to."
        case .verificationFailed(let differences):
            "The copy differs from the source: " + differences.joined(separator: "; ") + "."
        case .invalidRequest(let reason): reason
        }
    }

    static func difference(_ expected: [String], _ found: [String]) -> String {
        let missing = expected.filter { !found.contains($0) }
        let unknown = found.filter { !expected.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("without \(missing.joined(separator: ", "))") }
        if !unknown.isEmpty { parts.append("with \(unknown.joined(separator: ", ")), unknown here") }
        return parts.isEmpty ? "in another order" : parts.joined(separator: "; ")
    }
}
