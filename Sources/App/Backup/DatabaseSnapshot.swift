import Fluent
import SQLKit

/// One read transaction on one connection, so every table is read at the same moment while the
/// service keeps writing: PostgreSQL's `REPEATABLE READ READ ONLY` sees the database as of its
/// first query; a SQLite read transaction sees one state of the file (in WAL mode without holding
/// writers up). Nothing is written through it.
enum DatabaseSnapshot {
    static func read<T: Sendable>(
        _ database: any Database, _ body: @escaping @Sendable (any SQLDatabase, DatabaseCatalog) async throws -> T
    ) async throws -> T {
        try await database.withConnection { connection in
            let sql = try connection.sql()
            let kind = try DatabaseKind(dialect: sql.dialect.name)
            let begin =
                kind == .postgresql ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN DEFERRED TRANSACTION"
            try await sql.raw(SQLQueryString(begin)).run()
            do {
                let catalog = try await DatabaseCatalog.read(sql)
                let result = try await body(sql, catalog)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}
