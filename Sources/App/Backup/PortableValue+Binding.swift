import Foundation
import SQLKit

extension PortableValue {
    /// This value (written for a column of kind `source`) as the target's column takes it: what
    /// Fluent itself writes there, so the service reads restored rows as its own. SQLite gets
    /// UUIDs as text, dates as `REAL` seconds, JSON as text, booleans as 0/1; PostgreSQL gets
    /// typed binds, and JSON cast to the column's type.
    func expression(for column: TableSchema.Column, on target: DatabaseKind, table: String) throws
        -> any SQLExpression
    {
        func refuse(_ why: String) -> BackupError {
            .unconvertibleValue(table: table, column: column.name, reason: why)
        }
        if case .null = self { return SQLLiteral.null }
        switch column.kind {
        case .uuid:
            guard case .text(let text) = self, let uuid = UUID(uuidString: text) else { throw refuse("not a UUID") }
            // SQLite keeps the text as it was stored; PostgreSQL's uuid has no case.
            return target == .sqlite ? SQLBind(text) : SQLBind(uuid)
        case .text:
            switch self {
            case .text(let text): return SQLBind(text)
            case .integer(let value): return SQLBind(String(value))
            case .double(let value): return SQLBind(String(value))
            case .bool(let value): return SQLBind(value ? "true" : "false")
            case .null: return SQLLiteral.null
            }
        case .integer:
            return SQLBind(try integer(refuse))
        case .double:
            return SQLBind(try double(refuse))
        case .datetime:
            let seconds = try double(refuse)
            guard target == .postgresql else { return SQLBind(seconds) }
            // PostgreSQL keeps microseconds. Bound as a whole number of them, rounded here:
            // PostgresNIO's Date encoding truncates, and a date read from PostgreSQL and written
            // back could lose one.
            let micros = (seconds * 1_000_000).rounded()
            guard abs(micros) < 9e18 else { throw refuse("a date out of range") }
            return SQLQueryString("(to_timestamp(0) + \(bind: Int64(micros)) * INTERVAL '1 microsecond')")
        case .json:
            guard case .text(let text) = self else { throw refuse("not JSON text") }
            guard target == .postgresql else { return SQLBind(text) }
            return SQLQueryString("CAST(\(bind: text) AS \(unsafeRaw: column.sqlType == "json" ? "json" : "jsonb"))")
        case .bytes:
            guard case .text(let base64) = self, let data = Data(base64Encoded: base64) else {
                throw refuse("not base64")
            }
            return SQLBind(data)
        case .bool:
            let value: Bool
            switch self {
            case .bool(let flag): value = flag
            case .integer(let number): value = number != 0
            default: throw refuse("not a boolean")
            }
            return target == .sqlite ? SQLBind(Int64(value ? 1 : 0)) : SQLBind(value)
        }
    }

    private func integer(_ refuse: (String) -> BackupError) throws -> Int64 {
        switch self {
        case .integer(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .double(let value) where value.rounded() == value && abs(value) < 9e18: return Int64(value)
        case .text(let text):
            guard let value = Int64(text) else { throw refuse("not an integer") }
            return value
        default: throw refuse("not an integer")
        }
    }

    private func double(_ refuse: (String) -> BackupError) throws -> Double {
        switch self {
        case .double(let value): return value
        case .integer(let value): return Double(value)
        case .text(let text):
            // Non-finite doubles travel as strings in JSON.
            guard let value = Double(text) else { throw refuse("not a number") }
            return value
        default: throw refuse("not a number")
        }
    }
}
