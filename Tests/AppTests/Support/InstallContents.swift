import Crypto
import Foundation
import S3

@testable import App

/// Every row of every table and every stored blob of a service, for comparing two installs.
/// Rows are read with the backup's reader, in primary-key order. `exact` compares values as
/// stored; otherwise as the other database would hold them (dates to the microsecond, JSON by
/// its meaning, not PostgreSQL's jsonb spacing).
struct InstallContents: Equatable {
    /// Table → its rows, each as JSON with sorted keys.
    let rows: [String: [String]]
    /// Blob key → SHA-256 of its bytes, read without the backup's code.
    let blobs: [String: String]

    var rowCount: Int { rows.values.map(\.count).reduce(0, +) }

    static func read(_ service: TestService, exact: Bool) async throws -> InstallContents {
        let rows = try await DatabaseSnapshot.read(service.app.db) { sql, catalog in
            var rows: [String: [String]] = [:]
            let reader = TableReader(db: sql, kind: catalog.kind)
            for table in catalog.tables {
                var lines: [String] = []
                try await reader.forEachPage(table) { page in
                    for row in page { lines.append(try canonical(row, table: table, exact: exact)) }
                }
                rows[table.name] = lines
            }
            return rows
        }
        return InstallContents(rows: rows, blobs: try await blobs(of: service.app.inflio.blobs))
    }

    static func canonical(_ row: PortableRow, table: TableSchema, exact: Bool) throws -> String {
        var row = row
        if !exact {
            for column in table.columns {
                switch (column.kind, row[column.name]) {
                case (.datetime, .double(let seconds)?):
                    row[column.name] = .integer(Int64((seconds * 1_000_000).rounded()))
                case (.datetime, .integer(let seconds)?):
                    row[column.name] = .integer(seconds * 1_000_000)
                case (.json, .text(let json)?):
                    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
                    let sorted = try JSONSerialization.data(
                        withJSONObject: parsed, options: [.sortedKeys, .fragmentsAllowed])
                    row[column.name] = .text(String(decoding: sorted, as: UTF8.self))
                default: break
                }
            }
        }
        return String(decoding: try RowJSON.encoder.encode(row), as: UTF8.self)
    }

    /// The store's blobs, listed and read directly (FileManager, the S3 client).
    static func blobs(of store: any BlobStore) async throws -> [String: String] {
        var hashes: [String: String] = [:]
        switch store {
        case let local as LocalBlobStore:
            let root = local.root.path
            for case let relative as String in FileManager.default.enumerator(atPath: root)?.allObjects ?? [] {
                var isDirectory: ObjCBool = false
                let path = root + "/" + relative
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                hashes[relative] = sha256(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
        case let bucket as S3BlobStore:
            for object in try await bucket.client.listObjects() {
                hashes[object.key] = sha256(Data(try await bucket.client.getObject(object.key)))
            }
        default:
            throw TestFailure("unknown blob store \(type(of: store))")
        }
        return hashes
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }
        .joined()
    }
}
