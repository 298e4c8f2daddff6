import Fluent
import SQLKit
import SQLiteNIO

/// Reads a table's rows in primary-key order, a page at a time, so a table of any size passes
/// through in bounded memory. Used inside a snapshot (DatabaseSnapshot), where every page sees
/// the same moment.
struct TableReader: Sendable {
    let db: any SQLDatabase
    let kind: DatabaseKind
    var pageSize = 500

    /// Calls `page` with each page of `table`'s rows, in primary-key order.
    func forEachPage(_ table: TableSchema, _ page: ([PortableRow]) async throws -> Void) async throws {
        guard let key = table.column(table.primaryKey) else { throw BackupError.noPrimaryKey(table.name) }
        var after: PortableValue?
        while true {
            let rows = try await read(table, key: key, after: after)
            if rows.isEmpty { return }
            try await page(rows)
            guard rows.count == pageSize else { return }
            after = rows.last?[key.name]
        }
    }

    private func read(_ table: TableSchema, key: TableSchema.Column, after: PortableValue?) async throws
        -> [PortableRow]
    {
        switch kind {
        case .sqlite: try await readSQLite(table, key: key, after: after)
        case .postgresql: try await readSQL(table, key: key, after: after)
        }
    }

    /// SQLite through SQLiteNIO's own rows: they tell each value's storage class, which SQLKit's
    /// decoding would blur (a JSON blob, a date stored as text).
    private func readSQLite(_ table: TableSchema, key: TableSchema.Column, after: PortableValue?) async throws
        -> [PortableRow]
    {
        guard let sqlite = db as? any SQLiteDatabase else {
            throw BackupError.invalidRequest("This SQLite database does not give its rows as SQLite rows.")
        }
        let columns = table.columns.map { Self.quoted($0.name) }.joined(separator: ", ")
        var query = "SELECT \(columns) FROM \(Self.quoted(table.name))"
        var binds: [SQLiteData] = []
        if let after {
            query += " WHERE \(Self.quoted(key.name)) > ?"
            switch after {
            case .integer(let value): binds.append(.integer(Int(value)))
            case .text(let value): binds.append(.text(value))
            case .double(let value): binds.append(.float(value))
            case .bool, .null: throw BackupError.noPrimaryKey(table.name)
            }
        }
        query += " ORDER BY \(Self.quoted(key.name)) LIMIT \(pageSize)"
        return try await sqlite.query(query, binds).map { row in
            var values: PortableRow = [:]
            for column in table.columns {
                values[column.name] = try PortableValue(
                    sqlite: row.column(column.name) ?? .null, kind: column.kind, table: table.name,
                    column: column.name)
            }
            return values
        }
    }

    private func readSQL(_ table: TableSchema, key: TableSchema.Column, after: PortableValue?) async throws
        -> [PortableRow]
    {
        var query: SQLQueryString =
            "SELECT \(idents: table.columns.map(\.name), joinedBy: ", ") FROM \(ident: table.name)"
        if let after {
            let bound = try after.expression(for: key, on: kind, table: table.name)
            query += " WHERE \(ident: key.name) > \(bound)"
        }
        query += " ORDER BY \(ident: key.name) LIMIT \(literal: pageSize)"
        return try await db.raw(query).all().map { row in
            var values: PortableRow = [:]
            for column in table.columns {
                values[column.name] = try PortableValue(row: row, kind: column.kind, column: column.name)
            }
            return values
        }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
