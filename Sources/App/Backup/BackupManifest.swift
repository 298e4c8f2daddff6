import Foundation

/// `manifest.json`, written last into a backup's folder: what the backup holds and how to check
/// it. Table files are `tables/<table>.jsonl` (one JSON object a row, keys sorted), blobs are
/// `blobs/<key>`.
struct BackupManifest: Codable, Sendable, Equatable {
    static let currentFormat = 1
    static let fileName = "manifest.json"

    struct Table: Codable, Sendable, Equatable {
        let file: String
        let rows: Int
        let sha256: String
        /// Each column's kind, which says what its values in the file mean.
        let columns: [String: ColumnKind]
    }

    struct Blob: Codable, Sendable, Equatable {
        let size: Int
        let sha256: String
        /// False for a blob found in the store that no row names (kept: the store is backed up whole).
        let referenced: Bool
    }

    /// `inflio-backup`, so a stray JSON file is not taken for a manifest.
    var format = "inflio-backup"
    var formatVersion = currentFormat
    let createdAt: Date
    /// Where it came from: `sqlite` or `postgresql`, and the blob store (a folder or `s3://…`).
    let sourceDatabase: DatabaseKind
    let sourceBlobs: String
    /// The migrations the database had run: a restore needs a version of inflio with exactly these.
    let migrations: [String]
    let tables: [String: Table]
    /// How far each table's id sequence had gone (see DatabaseCatalog.sequencePositions).
    let sequences: [String: Int64]
    let blobs: [String: Blob]
    /// Keys rows name that were not in the store when the backup was made.
    let missingBlobs: [String]

    static func tableFile(_ table: String) -> String { "tables/\(table).jsonl" }
    static func blobFile(_ key: String) -> String { "blobs/\(key)" }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

/// The JSON of one row in a table file: keys sorted, so the same rows make the same bytes, and
/// non-finite doubles as strings (JSON has none).
enum RowJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    static let decoder = JSONDecoder()
}
