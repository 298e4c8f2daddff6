import Fluent
import SQLKit

/// Issue 12: `personas.status` takes exactly the seed's words (`pending_upload`, `analyzing`,
/// `ready`, `failed`), held there by a CHECK constraint; our finer progress moves to `stage`.
/// Existing rows migrate: `generating` becomes `analyzing` with the stage `generating`.
///
/// PostgreSQL adds the constraints in place. SQLite cannot add a CHECK to a table, so the table is
/// rebuilt as SQLite documents it (https://sqlite.org/lang_altertable.html#otheralter): on one
/// connection, foreign keys off (dropping the old table must not cascade to the photos and jobs
/// that point at it), then in a transaction a copy with the constraints, the rows copied, the old
/// table dropped and the copy renamed, the foreign keys checked, then foreign keys on again.
struct AdoptSeedStatuses: AsyncMigration {
    static let statuses = Persona.Status.allCases.map(\.rawValue)
    static let stages = Persona.Stage.allCases.map(\.rawValue)

    static func checks() -> String {
        func list(_ words: [String]) -> String { words.map { "'\($0)'" }.joined(separator: ", ") }
        return "CHECK (status IN (\(list(statuses)))), CHECK (stage IN (\(list(stages))))"
    }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE personas ADD COLUMN stage TEXT NOT NULL DEFAULT 'generating'").run()
        try await sql.raw(
            """
            UPDATE personas SET stage = CASE status
                WHEN 'pending_upload' THEN 'uploading' WHEN 'ready' THEN 'done' WHEN 'failed' THEN 'failed'
                ELSE 'generating' END
            """
        ).run()
        try await sql.raw("UPDATE personas SET status = 'analyzing' WHERE status = 'generating'").run()
        if sql.dialect.name == "sqlite" {
            try await Self.rebuildPersonas(database) { create in
                // Fluent wrote `CREATE TABLE "personas"(…)`; the copy gets the constraints at its end.
                guard let close = create.lastIndex(of: ")") else { return nil }
                return String(create[..<close]) + ", " + Self.checks() + ")"
            }
        } else {
            let statusList = Self.statuses.map { "'\($0)'" }.joined(separator: ", ")
            let stageList = Self.stages.map { "'\($0)'" }.joined(separator: ", ")
            try await sql.raw(
                SQLQueryString(
                    "ALTER TABLE personas ADD CONSTRAINT personas_status_seed CHECK (status IN (\(statusList)))")
            ).run()
            try await sql.raw(
                SQLQueryString(
                    "ALTER TABLE personas ADD CONSTRAINT personas_stage_known CHECK (stage IN (\(stageList)))")
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await Self.rebuildPersonas(database) { create in
                create.replacingOccurrences(of: ", " + Self.checks(), with: "")
            }
        } else {
            try await sql.raw("ALTER TABLE personas DROP CONSTRAINT personas_status_seed").run()
            try await sql.raw("ALTER TABLE personas DROP CONSTRAINT personas_stage_known").run()
        }
        try await sql.raw("UPDATE personas SET status = 'generating' WHERE stage = 'generating'").run()
        try await sql.raw("ALTER TABLE personas DROP COLUMN stage").run()
    }

    /// SQLite's table rebuild: `change` turns the table's CREATE statement into the new one.
    static func rebuildPersonas(_ database: any Database, change: @escaping @Sendable (String) -> String?)
        async throws
    {
        try await database.withConnection { connection in
            let sql = connection as! any SQLDatabase
            guard
                let create = try await sql.raw(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'personas'"
                )
                .first()?.decode(column: "sql", as: String.self),
                let changed = change(create),
                let renamed = changed.range(of: "\"personas\"").map({
                    changed.replacingCharacters(in: $0, with: "\"personas_new\"")
                })
            else {
                throw MigrationFailure("the personas table's definition is not the one expected: cannot rebuild it")
            }
            try await sql.raw("PRAGMA foreign_keys = OFF").run()
            do {
                try await sql.raw("BEGIN").run()
                try await sql.raw(SQLQueryString(renamed)).run()
                try await sql.raw("INSERT INTO personas_new SELECT * FROM personas").run()
                try await sql.raw("DROP TABLE personas").run()
                try await sql.raw("ALTER TABLE personas_new RENAME TO personas").run()
                let broken = try await sql.raw("PRAGMA foreign_key_check").all()
                guard broken.isEmpty else { throw MigrationFailure("\(broken.count) rows would point at nothing") }
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
