import Fluent
import SQLKit

/// Issue 12: `personas.status` takes exactly the seed's words (`pending_upload`, `analyzing`,
/// `ready`, `failed`), held there by a CHECK constraint; our finer progress moves to `stage`.
/// Existing rows migrate: `generating` becomes `analyzing` with the stage `generating`.
///
/// All of it or none: a migration that stopped halfway would leave a column the next start tries
/// to add again. PostgreSQL runs it in one transaction (its DDL is transactional). SQLite cannot
/// add a CHECK to a table, so the table is rebuilt as SQLite documents it
/// (https://sqlite.org/lang_altertable.html#otheralter): on one connection, foreign keys off (the
/// old table's drop must not cascade to the photos, jobs and events that point at it), then in
/// one transaction a new table with `stage` and the constraints, every row copied with its words
/// mapped, the old table dropped, the new one renamed, its indexes and triggers made again, and the
/// rows pointing at personas checked; then foreign keys on again.
///
/// The words are written out here, not read from `Persona`: a later stage added to the model
/// must not change what this migration did.
struct AdoptSeedStatuses: AsyncMigration {
    static let statuses = ["pending_upload", "analyzing", "ready", "failed"]
    static let stages = ["uploading", "generating", "regenerating", "done", "failed"]
    static let stageOfStatus =
        "CASE status WHEN 'pending_upload' THEN 'uploading' WHEN 'ready' THEN 'done' WHEN 'failed' THEN 'failed' ELSE 'generating' END"
    static let seedStatus = "CASE status WHEN 'generating' THEN 'analyzing' ELSE status END"

    static func list(_ words: [String]) -> String { words.map { "'\($0)'" }.joined(separator: ", ") }
    static var statusCheck: String { "CHECK (status IN (\(list(statuses))))" }
    static var stageCheck: String { "CHECK (stage IN (\(list(stages))))" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await Self.rebuildPersonas(database) { create, columns in
                // Fluent wrote `CREATE TABLE "personas"(…)`: the new one adds `stage` and the checks.
                guard let close = create.lastIndex(of: ")") else { return nil }
                let table =
                    String(create[..<close]) + #", "stage" TEXT NOT NULL, "# + Self.statusCheck + ", "
                    + Self.stageCheck + ")"
                let copied = columns.map { $0 == "status" ? "\(Self.seedStatus)" : "\"\($0)\"" }
                let copy =
                    "INSERT INTO personas_new (\(columns.map { "\"\($0)\"" }.joined(separator: ", ")), stage) "
                    + "SELECT \(copied.joined(separator: ", ")), \(Self.stageOfStatus) FROM personas"
                return (table, copy)
            }
        } else {
            try await database.transaction { db in
                let sql = db as! any SQLDatabase
                try await sql.raw("ALTER TABLE personas ADD COLUMN stage TEXT").run()
                try await sql.raw(SQLQueryString("UPDATE personas SET stage = \(Self.stageOfStatus)")).run()
                try await sql.raw(SQLQueryString("UPDATE personas SET status = \(Self.seedStatus)")).run()
                try await sql.raw("ALTER TABLE personas ALTER COLUMN stage SET NOT NULL").run()
                try await sql.raw(
                    SQLQueryString("ALTER TABLE personas ADD CONSTRAINT personas_status_seed \(Self.statusCheck)")
                )
                .run()
                try await sql.raw(
                    SQLQueryString("ALTER TABLE personas ADD CONSTRAINT personas_stage_known \(Self.stageCheck)")
                )
                .run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let oldStatus = "CASE WHEN stage IN ('generating', 'regenerating') THEN 'generating' ELSE status END"
        if sql.dialect.name == "sqlite" {
            try await Self.rebuildPersonas(database) { create, columns in
                let without = create.replacingOccurrences(
                    of: #", "stage" TEXT NOT NULL, "# + Self.statusCheck + ", " + Self.stageCheck, with: "")
                // Not the table this migration made: better to stop than to guess.
                guard without != create else { return nil }
                let kept = columns.filter { $0 != "stage" }
                let copied = kept.map { $0 == "status" ? oldStatus : "\"\($0)\"" }
                return (
                    without,
                    "INSERT INTO personas_new (\(kept.map { "\"\($0)\"" }.joined(separator: ", "))) "
                        + "SELECT \(copied.joined(separator: ", ")) FROM personas"
                )
            }
        } else {
            try await database.transaction { db in
                let sql = db as! any SQLDatabase
                try await sql.raw("ALTER TABLE personas DROP CONSTRAINT personas_status_seed").run()
                try await sql.raw("ALTER TABLE personas DROP CONSTRAINT personas_stage_known").run()
                try await sql.raw(SQLQueryString("UPDATE personas SET status = \(oldStatus)")).run()
                try await sql.raw("ALTER TABLE personas DROP COLUMN stage").run()
            }
        }
    }

    /// SQLite's table rebuild. `change` gets the table's CREATE statement and its columns, and
    /// answers the new table's CREATE (still named `personas`) and the INSERT that fills
    /// `personas_new` from `personas`; nil stops the migration.
    static func rebuildPersonas(
        _ database: any Database, change: @escaping @Sendable (String, [String]) -> (String, String)?
    ) async throws {
        try await database.withConnection { connection in
            let sql = connection as! any SQLDatabase
            guard
                let create = try await sql.raw(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'personas'"
                )
                .first()?.decode(column: "sql", as: String.self)
            else { throw MigrationFailure("there is no personas table to rebuild") }
            let columns = try await sql.raw("SELECT name FROM pragma_table_info('personas')").all()
                .map { try $0.decode(column: "name", as: String.self) }
            guard let (table, copy) = change(create, columns),
                let quoted = table.range(of: "\"personas\"")
            else { throw MigrationFailure("the personas table is not the one this migration expects") }
            let newTable = table.replacingCharacters(in: quoted, with: "\"personas_new\"")
            // Indexes and triggers go with the dropped table; they are made again on the new one.
            let extras = try await sql.raw(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'personas' AND type IN ('index', 'trigger') AND sql IS NOT NULL"
            ).all().map { try $0.decode(column: "sql", as: String.self) }
            let children = try await sql.raw(
                "SELECT m.name AS name FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE f.\"table\" = 'personas'"
            ).all().map { try $0.decode(column: "name", as: String.self) }

            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            do {
                try await sql.raw("BEGIN").run()
                try await sql.raw(SQLQueryString(newTable)).run()
                try await sql.raw(SQLQueryString(copy)).run()
                try await sql.raw("DROP TABLE personas").run()
                try await sql.raw("ALTER TABLE personas_new RENAME TO personas").run()
                for statement in extras { try await sql.raw(SQLQueryString(statement)).run() }
                // Only the rows that point at personas: an old fault elsewhere is not this migration's.
                for child in children {
                    let broken = try await sql.raw(SQLQueryString("PRAGMA foreign_key_check(\"\(child)\")")).all()
                    guard broken.isEmpty else {
                        throw MigrationFailure("\(broken.count) rows of \(child) would point at no persona")
                    }
                }
                try await sql.raw("COMMIT").run()
            } catch {
                try? await sql.raw("ROLLBACK").run()
                try? await sql.raw("PRAGMA foreign_keys = ON").run()
                throw error
            }
            try await sql.raw("PRAGMA foreign_keys = ON").run()
        }
    }
}

/// A migration that cannot go ahead safely, with why.
struct MigrationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
