/// One table as the database describes it: what a backup reads and a restore writes.
struct TableSchema: Sendable, Equatable {
    struct Column: Sendable, Equatable {
        let name: String
        let kind: ColumnKind
        /// The database's own type name (`jsonb`, `REAL`...), for casts.
        let sqlType: String
    }

    let name: String
    /// In the database's order.
    let columns: [Column]
    /// The single-column primary key, which pages are read in order of.
    let primaryKey: String
    /// Tables this one's foreign keys point at: restored first.
    let parents: Set<String>
    /// A column whose values come from a sequence (PostgreSQL `serial` or identity, SQLite
    /// `AUTOINCREMENT`): set past the restored rows so new ids never reuse old ones.
    let sequenceColumn: String?
    /// PostgreSQL identity `ALWAYS` columns take a given value only with `OVERRIDING SYSTEM VALUE`.
    let overridesIdentity: Bool

    func column(_ name: String) -> Column? { columns.first { $0.name == name } }
    var kinds: [String: ColumnKind] { Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0.kind) }) }
}

extension Array where Element == TableSchema {
    /// Parents before children (foreign keys), otherwise by name, so a restore inserts every row
    /// after the rows it points at. A cycle (none in this schema) keeps the remaining tables by name.
    func inDependencyOrder() -> [TableSchema] {
        var remaining = sorted { $0.name < $1.name }
        var placed: Set<String> = []
        var ordered: [TableSchema] = []
        let names = Set(map(\.name))
        while !remaining.isEmpty {
            let ready = remaining.filter { table in
                table.parents.allSatisfy { $0 == table.name || placed.contains($0) || !names.contains($0) }
            }
            let next = ready.isEmpty ? [remaining[0]] : ready
            ordered += next
            placed.formUnion(next.map(\.name))
            remaining.removeAll { table in next.contains { $0.name == table.name } }
        }
        return ordered
    }
}
