import Foundation
import SQLKit
import SQLiteNIO

extension PortableValue {
    /// A SQLite value as stored, in its kind's portable form. SQLite keeps whatever was written,
    /// so each kind takes the forms Fluent writes and the few a hand-made row could hold.
    init(sqlite data: SQLiteData, kind: ColumnKind, table: String, column: String) throws {
        func refuse() -> BackupError {
            .unconvertibleValue(table: table, column: column, reason: "\(data) is not a \(kind.rawValue)")
        }
        if case .null = data {
            self = .null
            return
        }
        switch (kind, data) {
        case (.uuid, .text(let text)) where UUID(uuidString: text) != nil: self = .text(text)
        case (.uuid, .blob(var buffer)) where buffer.readableBytes == 16:
            guard let bytes = buffer.readBytes(length: 16) else { throw refuse() }
            self = .text(UUID(uuid: Self.uuidTuple(bytes)).uuidString)
        case (.text, .text(let text)): self = .text(text)
        case (.integer, .integer(let value)): self = .integer(Int64(value))
        case (.integer, .float(let value)) where value.rounded() == value && abs(value) < 9e18:
            self = .integer(Int64(value))
        case (.double, .float(let value)), (.datetime, .float(let value)): self = .double(value)
        case (.double, .integer(let value)), (.datetime, .integer(let value)): self = .double(Double(value))
        case (.datetime, .text):
            // A date written as text (by hand, or an old driver): SQLiteNIO's own reading of it.
            guard let date = Date(sqliteData: data) else { throw refuse() }
            self = .double(date.timeIntervalSince1970)
        case (.json, .text(let text)): self = .text(text)
        // Older SQLite drivers sent JSON as a blob.
        case (.json, .blob(let buffer)): self = .text(String(buffer: buffer))
        case (.bytes, .blob(let buffer)): self = .text(Data(buffer.readableBytesView).base64EncodedString())
        case (.bool, .integer(let value)): self = .bool(value != 0)
        default: throw refuse()
        }
    }

    /// A PostgreSQL value, decoded by its kind (PostgreSQL's types are strict: no guessing).
    init(row: any SQLRow, kind: ColumnKind, column: String) throws {
        if try row.decodeNil(column: column) {
            self = .null
            return
        }
        switch kind {
        // Upper-case, as Fluent writes UUIDs into SQLite's text: the same in a backup from either.
        case .uuid: self = .text(try row.decode(column: column, as: UUID.self).uuidString)
        // jsonb arrives as its text (PostgresNIO drops the version byte).
        case .text, .json: self = .text(try row.decode(column: column, as: String.self))
        case .integer: self = .integer(try row.decode(column: column, as: Int64.self))
        case .double: self = .double(try row.decode(column: column, as: Double.self))
        case .datetime:
            // Microseconds, as PostgreSQL keeps them: the decoded Date is off by a fraction of one.
            let seconds = try row.decode(column: column, as: Date.self).timeIntervalSince1970
            self = .double((seconds * 1_000_000).rounded() / 1_000_000)
        case .bytes: self = .text(try row.decode(column: column, as: Data.self).base64EncodedString())
        case .bool: self = .bool(try row.decode(column: column, as: Bool.self))
        }
    }

    static func uuidTuple(_ b: [UInt8]) -> uuid_t {
        (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])
    }
}
