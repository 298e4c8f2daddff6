import SQLKit

extension DatabaseCatalog {
    static func postgresTables(_ db: any SQLDatabase) async throws -> [TableSchema] {
        let names = try await db.raw(
            """
            SELECT table_name::text AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> \(bind: migrationsTable)
            ORDER BY table_name
            """
        ).all().map { try $0.decode(column: "name", as: String.self) }
        var tables: [TableSchema] = []
        for name in names {
            var columns: [TableSchema.Column] = []
            var sequenceColumn: String?
            var overrides = false
            let infos = try await db.raw(
                """
                SELECT column_name::text AS name, data_type::text AS type, is_identity::text AS identity,
                       coalesce(identity_generation::text, '') AS generation, coalesce(column_default::text, '') AS fallback
                FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(bind: name) ORDER BY ordinal_position
                """
            ).all()
            for info in infos {
                let column = try info.decode(column: "name", as: String.self)
                let type = try info.decode(column: "type", as: String.self)
                guard let kind = ColumnKind.postgres(dataType: type) else {
                    throw BackupError.unsupportedColumn(table: name, column: column, type: type)
                }
                columns.append(.init(name: column, kind: kind, sqlType: type))
                let identity = try info.decode(column: "identity", as: String.self)
                let fallback = try info.decode(column: "fallback", as: String.self)
                let generation = try info.decode(column: "generation", as: String.self)
                if identity == "YES" || fallback.hasPrefix("nextval(") { sequenceColumn = column }
                if identity == "YES", generation == "ALWAYS" { overrides = true }
            }
            let keys = try await db.raw(
                """
                SELECT kcu.column_name::text AS name FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu
                  ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
                 AND kcu.table_name = tc.table_name
                WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema() AND tc.table_name = \(bind: name)
                """
            ).all().map { try $0.decode(column: "name", as: String.self) }
            guard keys.count == 1, let key = keys.first else { throw BackupError.noPrimaryKey(name) }
            let parents = try await db.raw(
                """
                SELECT DISTINCT ccu.table_name::text AS parent FROM information_schema.table_constraints tc
                JOIN information_schema.constraint_column_usage ccu
                  ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema
                WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = \(bind: name)
                """
            ).all().map { try $0.decode(column: "parent", as: String.self) }
            tables.append(
                TableSchema(
                    name: name, columns: columns, primaryKey: key, parents: Set(parents),
                    sequenceColumn: sequenceColumn, overridesIdentity: overrides))
        }
        return tables
    }

    /// The sequence behind `table.column` (serial or identity), as a name to read or set.
    static func postgresSequence(_ db: any SQLDatabase, table: String, column: String) async throws -> String? {
        try await db.raw("SELECT pg_get_serial_sequence(quote_ident(\(bind: table)), \(bind: column)) AS seq")
            .first()?.decode(column: "seq", as: String?.self)
    }

    func postgresSequencePositions(_ db: any SQLDatabase) async throws -> [String: Int64] {
        var positions: [String: Int64] = [:]
        for table in tables {
            guard let column = table.sequenceColumn,
                let sequence = try await Self.postgresSequence(db, table: table.name, column: column),
                let row = try await db.raw("SELECT last_value, is_called FROM \(unsafeRaw: sequence)").first()
            else { continue }
            // Before its first use a sequence reports its start value, not called yet: nothing handed out.
            if try row.decode(column: "is_called", as: Bool.self) {
                positions[table.name] = try row.decode(column: "last_value", as: Int64.self)
            }
        }
        return positions
    }
}
