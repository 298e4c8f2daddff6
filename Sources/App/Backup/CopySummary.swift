/// What a backup, a restore or a storage move copied, for its last lines of output.
public struct CopySummary: Sendable, Equatable, CustomStringConvertible {
    /// Rows per table.
    public var rows: [String: Int] = [:]
    public var blobs = 0
    public var bytes = 0
    /// Blobs rows name that were not in the store.
    public var missingBlobs: [String] = []

    public var totalRows: Int { rows.values.reduce(0, +) }

    public var description: String {
        let tenths = (bytes * 10) >> 20
        let size = bytes >= 1 << 20 ? "\(tenths / 10).\(tenths % 10) MiB" : "\(bytes) bytes"
        // A move of the images alone copies no rows.
        var text = rows.isEmpty ? "" : "\(rows.count) tables, \(totalRows) rows, "
        text += "\(blobs) blobs (\(size))"
        if !missingBlobs.isEmpty { text += ", \(missingBlobs.count) missing" }
        return text
    }
}
