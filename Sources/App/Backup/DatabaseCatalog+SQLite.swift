import SQLKit

extension DatabaseCatalog {
    static func sqliteTables(_ db: any SQLDatabase) async throws -> [TableSchema] {
        let rows = try await db.raw(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> \(bind: migrationsTable) ORDER BY name"
        ).all()
        var tables: [TableSchema] = []
        for row in rows {
            let name = try row.decode(column: "name", as: String.self)
            let create = try row.decode(column: "sql", as: String.self)
            var columns: [TableSchema.Column] = []
            var keys: [String] = []
            for info in try await db.raw("SELECT name, type, pk FROM pragma_table_info(\(bind: name))").all() {
                let column = try info.decode(column: "name", as: String.self)
                let type = try info.decode(column: "type", as: String.self)
                guard let kind = ColumnKind.sqlite(declared: type) else {
                    throw BackupError.unsupportedColumn(table: name, column: column, type: type)
                }
                columns.append(.init(name: column, kind: kind, sqlType: type))
                if try info.decode(column: "pk", as: Int.self) > 0 { keys.append(column) }
            }
            guard keys.count == 1, let key = keys.first else { throw BackupError.noPrimaryKey(name) }
            let parents = try await db.raw("SELECT \"table\" AS parent FROM pragma_foreign_key_list(\(bind: name))")
                .all().map { try $0.decode(column: "parent", as: String.self) }
            tables.append(
                TableSchema(
                    name: name, columns: columns, primaryKey: key, parents: Set(parents),
                    // Fluent's `.identifier(auto: true)` is `INTEGER PRIMARY KEY AUTOINCREMENT`.
                    sequenceColumn: create.uppercased().contains("AUTOINCREMENT") ? key : nil,
                    overridesIdentity: false))
        }
        return tables
    }

    /// `sqlite_sequence` exists once a table with AUTOINCREMENT does.
    func sqliteSequencePositions(_ db: any SQLDatabase) async throws -> [String: Int64] {
        let exists =
            try await db.raw("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_sequence'").first()?
            .decode(column: "n", as: Int.self) ?? 0
        guard exists > 0 else { return [:] }
        var positions: [String: Int64] = [:]
        for row in try await db.raw("SELECT name, seq FROM sqlite_sequence").all() {
            let table = try row.decode(column: "name", as: String.self)
            guard self.table(table)?.sequenceColumn != nil else { continue }
            positions[table] = try row.decode(column: "seq", as: Int64.self)
        }
        return positions
    }
}
