/// What a column holds, whichever database it lives in. A backup writes each value in its
/// kind's one portable form (PortableValue), and a restore turns that form into what the
/// target's column takes, so SQLite and PostgreSQL can trade rows.
enum ColumnKind: String, Codable, Sendable {
    /// Text in a backup, as stored: SQLite keeps Fluent's upper-case text, PostgreSQL a `uuid`.
    case uuid
    case text
    case integer
    case double
    /// Seconds since 1970 as a double: SQLite's `REAL` exactly, PostgreSQL's microseconds.
    case datetime
    /// The JSON text as stored (PostgreSQL's `jsonb` prints its own normal form).
    case json
    /// Base64 in a backup.
    case bytes
    case bool

    /// From a SQLite column's declared type, as Fluent's SQLite driver writes them: `UUID`, `TEXT`,
    /// `INTEGER` (also booleans), `DOUBLE`, `JSON`, `BLOB`, and `REAL`, which it uses for dates
    /// only (`SQLiteConverterDelegate`): a `.double` field is declared `DOUBLE`.
    static func sqlite(declared: String) -> ColumnKind? {
        let type = declared.uppercased()
        if type.contains("UUID") { return .uuid }
        if type.contains("JSON") { return .json }
        if type.contains("BOOL") { return .bool }
        if type.contains("INT") { return .integer }
        if type.contains("CHAR") || type.contains("TEXT") || type.contains("CLOB") { return .text }
        if type == "REAL" || type.contains("TIMESTAMP") || type.contains("DATE") { return .datetime }
        if type.contains("DOUB") || type.contains("FLOA") { return .double }
        if type.contains("BLOB") { return .bytes }
        return nil
    }

    /// From PostgreSQL's `information_schema.columns.data_type`.
    static func postgres(dataType: String) -> ColumnKind? {
        switch dataType {
        case "uuid": .uuid
        case "text", "character varying", "character": .text
        case "bigint", "integer", "smallint": .integer
        case "double precision", "real": .double
        case "timestamp with time zone", "timestamp without time zone": .datetime
        case "jsonb", "json": .json
        case "bytea": .bytes
        case "boolean": .bool
        default: nil
        }
    }
}

/// Which database a backup came from or a restore goes to.
enum DatabaseKind: String, Codable, Sendable {
    case sqlite
    case postgresql

    /// From SQLKit's dialect name (`sqlite`, `postgresql`).
    init(dialect: String) throws {
        guard let kind = DatabaseKind(rawValue: dialect) else {
            throw BackupError.invalidRequest("Backups work on SQLite and PostgreSQL, not \(dialect).")
        }
        self = kind
    }
}
