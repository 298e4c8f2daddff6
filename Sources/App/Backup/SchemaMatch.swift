/// Whether rows written for one set of tables (a backup's, a source database's) fit another's:
/// the same tables with the same columns, each of a kind the other's can take.
enum SchemaMatch {
    /// `source` is each table's columns and kinds.
    static func check(_ source: [String: [String: ColumnKind]], fits target: DatabaseCatalog) throws {
        let targetNames = Set(target.tables.map(\.name))
        let sourceNames = Set(source.keys)
        if let extra = sourceNames.subtracting(targetNames).sorted().first {
            throw BackupError.schemaDiffers("\(extra) is not a table here")
        }
        if let absent = targetNames.subtracting(sourceNames).sorted().first {
            throw BackupError.schemaDiffers("\(absent) is not in the copy")
        }
        for table in target.tables {
            let columns = source[table.name] ?? [:]
            for column in table.columns {
                guard let kind = columns[column.name] else {
                    throw BackupError.schemaDiffers("\(table.name).\(column.name) is not in the copy")
                }
                guard compatible(kind, column.kind) else {
                    throw BackupError.schemaDiffers(
                        "\(table.name).\(column.name) holds \(kind.rawValue) in the copy, \(column.kind.rawValue) here")
                }
            }
            if let extra = Set(columns.keys).subtracting(table.columns.map(\.name)).sorted().first {
                throw BackupError.schemaDiffers("\(table.name).\(extra) is not a column here")
            }
        }
    }

    /// SQLite has no boolean: Fluent declares one `INTEGER` there and `BOOL` in PostgreSQL.
    static func compatible(_ source: ColumnKind, _ target: ColumnKind) -> Bool {
        source == target || Set([source, target]) == [.integer, .bool]
    }
}
