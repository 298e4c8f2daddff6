import Fluent
import SQLKit

extension Database {
    /// This database as plain SQL, for the few hot paths that skip Fluent's models. Both drivers
    /// the service configures (SQLite, PostgreSQL) are SQL databases.
    func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            throw ServiceError(
                .internalServerError, "unsupported_database", "The configured database does not speak SQL.")
        }
        return sql
    }
}
