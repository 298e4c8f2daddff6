import SQLKit

/// What a database holds, read from the database itself: its tables (every table the migrations
/// made, in dependency order), their columns and keys, and the migrations it has run. Reading
/// it, rather than listing tables here, keeps backups whole when a migration adds a table.
struct DatabaseCatalog: Sendable {
    let kind: DatabaseKind
    let tables: [TableSchema]
    /// Names of the migrations the database has run (Fluent's `_fluent_migrations`), in their order.
    let migrations: [String]

    /// Fluent's own bookkeeping: a restore migrates the target itself, so it is not copied.
    static let migrationsTable = "_fluent_migrations"

    static func read(_ db: any SQLDatabase) async throws -> DatabaseCatalog {
        let kind = try DatabaseKind(dialect: db.dialect.name)
        let tables =
            switch kind {
            case .sqlite: try await sqliteTables(db)
            case .postgresql: try await postgresTables(db)
            }
        return DatabaseCatalog(
            kind: kind, tables: tables.inDependencyOrder(), migrations: try await appliedMigrations(db, kind: kind))
    }

    func table(_ name: String) -> TableSchema? { tables.first { $0.name == name } }

    /// The names the app registers (`Migrations.all`), which a restore's target must have run.
    static var appMigrations: [String] { Migrations.all.map(\.name) }

    /// Whether the database is at exactly this version's migrations.
    var isCurrent: Bool { Set(migrations) == Set(Self.appMigrations) }

    static func appliedMigrations(_ db: any SQLDatabase, kind: DatabaseKind) async throws -> [String] {
        let exists =
            switch kind {
            case .sqlite:
                try await db.raw(
                    "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: migrationsTable)"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            case .postgresql:
                try await db.raw(
                    "SELECT count(*)::bigint AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(bind: migrationsTable)"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            }
        guard exists > 0 else { return [] }
        return try await db.raw("SELECT name FROM \(ident: migrationsTable) ORDER BY batch, created_at").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    /// How far each table's sequence has gone (`table` → last id handed out), which can be past
    /// the largest id left (rows deleted since): a restore keeps it, so ids are never handed out twice.
    func sequencePositions(_ db: any SQLDatabase) async throws -> [String: Int64] {
        switch kind {
        case .sqlite: try await sqliteSequencePositions(db)
        case .postgresql: try await postgresSequencePositions(db)
        }
    }

    /// Rows in each table, for the emptiness check and the verification pass.
    func rowCounts(_ db: any SQLDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table.name] =
                try await db.raw("SELECT count(*) AS n FROM \(ident: table.name)").first()?.decode(
                    column: "n", as: Int.self) ?? 0
        }
        return counts
    }
}
