import Foundation

/// A table file's rows, a page at a time, read in chunks: a table of any size in bounded memory.
struct JSONLinesReader {
    let path: String
    var pageSize = 500

    func forEachPage(_ page: ([PortableRow]) async throws -> Void) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BackupError.tampered(file: path, reason: "the file is missing")
        }
        defer { try? handle.close() }
        var buffer = Data()
        var rows: [PortableRow] = []
        var line = 0
        func take(_ bytes: Data) throws {
            line += 1
            guard !bytes.isEmpty else { return }
            do {
                rows.append(try RowJSON.decoder.decode(PortableRow.self, from: bytes))
            } catch {
                throw BackupError.tampered(file: path, reason: "line \(line) is not a row")
            }
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            buffer.append(chunk)
            // Lines are cut from a moving start; the consumed part is dropped once per chunk, not
            // once per line (which would copy the rest of the buffer for every row).
            var start = buffer.startIndex
            while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try take(buffer[start..<newline])
                start = buffer.index(after: newline)
                if rows.count == pageSize {
                    try await page(rows)
                    rows.removeAll(keepingCapacity: true)
                }
            }
            buffer = Data(buffer[start...])
        }
        try take(buffer)
        if !rows.isEmpty { try await page(rows) }
    }
}
