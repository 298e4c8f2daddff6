import SQLKit

/// Writes copied rows into a database through the one transaction a restore or a storage move
/// runs in: plain `INSERT`s with every column named and given, never Fluent's `create`, which
/// would stamp new `created_at`/`updated_at` values over the ones being kept.
struct RowLoader {
    /// The transaction's connection.
    let db: any SQLDatabase
    let catalog: DatabaseCatalog

    /// Deletes every row, children first (`--force`).
    func wipe() async throws {
        for table in catalog.tables.reversed() {
            try await db.raw("DELETE FROM \(ident: table.name)").run()
        }
    }

    /// Inserts `rows` as they are, several to a statement (within both databases' limits on
    /// bound values).
    func insert(_ rows: [PortableRow], into table: TableSchema) async throws {
        let names = table.columns.map(\.name)
        let perStatement = max(1, min(200, 10_000 / max(1, names.count)))
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + perStatement, rows.endIndex)
            var tuples: [any SQLExpression] = []
            for row in rows[start..<end] {
                let values = try table.columns.map { column in
                    try (row[column.name] ?? .null).expression(for: column, on: catalog.kind, table: table.name)
                }
                tuples.append(SQLGroupExpression(SQLList(values)))
            }
            var statement: SQLQueryString = "INSERT INTO \(ident: table.name) (\(idents: names, joinedBy: ", "))"
            if table.overridesIdentity { statement += " OVERRIDING SYSTEM VALUE" }
            statement += " VALUES \(SQLList(tuples))"
            try await db.raw(statement).run()
            start = end
        }
    }

    /// Moves each id sequence past the restored rows and to where the source's had gone
    /// (`recorded`), whichever is further, so no id is handed out twice. SQLite moves its own
    /// sequence past inserted ids but not back after a wipe; PostgreSQL moves neither.
    func setSequences(_ recorded: [String: Int64]) async throws {
        for table in catalog.tables {
            guard let column = table.sequenceColumn else { continue }
            let largest =
                try await db.raw("SELECT max(\(ident: column)) AS m FROM \(ident: table.name)").first()?.decode(
                    column: "m", as: Int64?.self) ?? nil
            let position = max(largest ?? 0, recorded[table.name] ?? 0)
            switch catalog.kind {
            case .sqlite:
                try await db.raw("DELETE FROM sqlite_sequence WHERE name = \(bind: table.name)").run()
                if position > 0 {
                    try await db.raw(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (\(bind: table.name), \(bind: position))"
                    ).run()
                }
            case .postgresql:
                guard let sequence = try await DatabaseCatalog.postgresSequence(db, table: table.name, column: column)
                else { continue }
                // setval(…, false) leaves the sequence unused: its next value is 1.
                let (value, called) = position > 0 ? (position, "true") : (1, "false")
                try await db.raw(
                    "SELECT setval(CAST(\(bind: sequence) AS regclass), \(bind: value), \(unsafeRaw: called))"
                ).run()
            }
        }
    }
}
