import Foundation
import Imaging

/// Writes a ZIP archive (PKWARE APPNOTE 6.3.10) one file at a time, returning the bytes to send
/// now, so an account export streams to the client and the archive is never held in memory.
///
/// Files are stored (method 0): the export is mostly images, which are already compressed.
/// Each entry's size and CRC are known before its header is written, so no data descriptors are
/// needed. Zip64 records are written only where a value overflows its classic field, so small
/// archives stay readable by every tool while ones over 4 GiB or 65,535 files still open.
struct ZipStreamWriter: Sendable {
    /// Why an entry or the end of the archive could not be written.
    enum Failure: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
        case invalidPath(String, reason: String)
        case duplicatePath(String)
        case finished

        var description: String {
            switch self {
            case .invalidPath(let path, let reason): "The ZIP entry path \"\(path)\" is refused: \(reason)."
            case .duplicatePath(let path): "The ZIP archive already has an entry at \"\(path)\"."
            case .finished: "The ZIP archive is already finished and takes no more entries."
            }
        }

        var errorDescription: String? { description }
    }

    /// What the central directory repeats about an entry once all the data has been sent.
    private struct Record: Sendable {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt64
        var offset: UInt64
        var time: UInt16
        var date: UInt16
    }

    /// The classic fields' escape value: the real value is in a Zip64 record.
    private static let max32: UInt64 = 0xFFFF_FFFF
    private static let max16 = 0xFFFF

    private var records: [Record] = []
    private var paths: Set<String> = []
    /// Bytes handed out so far: the offset of whatever comes next.
    private var offset: UInt64 = 0
    private var isFinished = false
    /// Writes Zip64 records even where classic fields would do, so tests can exercise that path
    /// without gigabytes of data.
    private let forcesZip64: Bool

    init() { self.init(forcesZip64: false) }

    init(forcesZip64: Bool) { self.forcesZip64 = forcesZip64 }

    /// The local header and data of one stored (method 0, uncompressed: images are already
    /// compressed) file. Paths are relative, "/"-separated and unique in the archive.
    mutating func entry(path: String, bytes: [UInt8], modified: Date) throws -> [UInt8] {
        guard !isFinished else { throw Failure.finished }
        try Self.validate(path)
        guard !paths.contains(path) else { throw Failure.duplicatePath(path) }

        let (time, date) = Self.dosTimeAndDate(modified)
        let record = Record(
            name: Array(path.utf8), crc: CRC32.checksum(bytes), size: UInt64(bytes.count), offset: offset,
            time: time, date: date)
        // The local header has no offset; it needs Zip64 only for a size (both sizes go in then).
        let zip64 = forcesZip64 || record.size >= Self.max32
        var extra = ByteWriter()
        if zip64 {
            extra.append16(0x0001)
            extra.append16(16)
            extra.append64(record.size)
            extra.append64(record.size)
        }

        var out = ByteWriter()
        out.bytes.reserveCapacity(30 + record.name.count + extra.bytes.count + bytes.count)
        out.append32(0x0403_4B50)
        out.append16(zip64 ? 45 : 20)  // version needed to extract: 4.5 for Zip64, else 2.0
        out.append16(Self.utf8Flag)
        out.append16(0)  // method: stored
        out.append16(record.time)
        out.append16(record.date)
        out.append32(record.crc)
        out.append32(zip64 ? UInt32(Self.max32) : UInt32(record.size))  // compressed size
        out.append32(zip64 ? UInt32(Self.max32) : UInt32(record.size))  // uncompressed size
        out.append16(UInt16(record.name.count))
        out.append16(UInt16(extra.bytes.count))
        out.bytes += record.name
        out.bytes += extra.bytes
        out.bytes += bytes

        records.append(record)
        paths.insert(path)
        offset += UInt64(out.bytes.count)
        return out.bytes
    }

    /// The central directory and end records; the writer takes no more entries after.
    mutating func finish() throws -> [UInt8] {
        guard !isFinished else { throw Failure.finished }
        isFinished = true

        var out = ByteWriter()
        let directoryOffset = offset
        for record in records { Self.appendCentralHeader(record, forcesZip64: forcesZip64, to: &out) }
        let directorySize = UInt64(out.bytes.count)
        let count = records.count

        let needsZip64 =
            forcesZip64 || count >= Self.max16 || directoryOffset >= Self.max32 || directorySize >= Self.max32
        if needsZip64 {
            let zip64EndOffset = directoryOffset + directorySize
            // Zip64 end of central directory record (APPNOTE 4.3.14); its size excludes the first 12 bytes.
            out.append32(0x0606_4B50)
            out.append64(44)
            out.append16(Self.versionMadeBy)
            out.append16(45)
            out.append32(0)  // this disk
            out.append32(0)  // disk where the central directory starts
            out.append64(UInt64(count))  // entries on this disk
            out.append64(UInt64(count))  // entries in total
            out.append64(directorySize)
            out.append64(directoryOffset)
            // Zip64 end of central directory locator (APPNOTE 4.3.15).
            out.append32(0x0706_4B50)
            out.append32(0)  // disk with the Zip64 end record
            out.append64(zip64EndOffset)
            out.append32(1)  // total number of disks
        }
        // End of central directory record (APPNOTE 4.3.16): overflowing fields hold the escape value.
        let count16 = forcesZip64 || count >= Self.max16 ? UInt16(Self.max16) : UInt16(count)
        out.append32(0x0605_4B50)
        out.append16(0)  // this disk
        out.append16(0)  // disk where the central directory starts
        out.append16(count16)
        out.append16(count16)
        out.append32(Self.field32(directorySize, forced: forcesZip64))
        out.append32(Self.field32(directoryOffset, forced: forcesZip64))
        out.append16(0)  // comment length
        offset += UInt64(out.bytes.count)
        return out.bytes
    }

    // MARK: - Fields

    /// General-purpose flag bit 11: names are UTF-8.
    private static let utf8Flag: UInt16 = 1 << 11
    /// Made on Unix (high byte 3), so the external attributes carry a Unix mode; APPNOTE 6.3.
    private static let versionMadeBy: UInt16 = 3 << 8 | 63

    /// A value for a classic 32-bit field: itself, or the escape value when Zip64 holds it.
    private static func field32(_ value: UInt64, forced: Bool) -> UInt32 {
        forced || value >= max32 ? UInt32(max32) : UInt32(value)
    }

    /// Refuses paths that could escape the extraction folder or mean different files to
    /// different tools.
    private static func validate(_ path: String) throws {
        func refuse(_ reason: String) -> Failure { .invalidPath(path, reason: reason) }
        guard !path.isEmpty else { throw refuse("it is empty") }
        guard !path.hasPrefix("/") else { throw refuse("it starts with \"/\"") }
        guard !path.contains("\\") else { throw refuse("it contains a backslash") }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw refuse("it contains a control character")
        }
        guard path.utf8.count <= max16 else { throw refuse("it is longer than 65,535 bytes") }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component == ".." { throw refuse("it contains a \"..\" component") }
            if component == "." { throw refuse("it contains a \".\" component") }
            if component.isEmpty { throw refuse("it contains an empty component") }
        }
    }

    /// MS-DOS time and date (2-second resolution) in UTC, clamped to the years DOS can count (1980–2107).
    private static func dosTimeAndDate(_ date: Date) -> (time: UInt16, date: UInt16) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard let year = parts.year, year >= 1980 else { return (0, 1 << 5 | 1) }  // 1980-01-01 00:00:00
        guard year <= 2107 else { return (23 << 11 | 59 << 5 | 29, 127 << 9 | 12 << 5 | 31) }
        let time = (parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2
        let day = (year - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1)
        return (UInt16(time), UInt16(day))
    }

    /// A central directory file header (APPNOTE 4.3.12). Its Zip64 extra field holds, in this
    /// order, only the values whose classic fields overflow: uncompressed size, compressed size, offset.
    private static func appendCentralHeader(_ record: Record, forcesZip64: Bool, to out: inout ByteWriter) {
        let sizeOverflows = forcesZip64 || record.size >= max32
        let offsetOverflows = forcesZip64 || record.offset >= max32
        var extra = ByteWriter()
        if sizeOverflows || offsetOverflows {
            extra.append16(0x0001)
            extra.append16((sizeOverflows ? 16 : 0) + (offsetOverflows ? 8 : 0))
            if sizeOverflows {
                extra.append64(record.size)
                extra.append64(record.size)
            }
            if offsetOverflows { extra.append64(record.offset) }
        }
        out.append32(0x0201_4B50)
        out.append16(versionMadeBy)
        out.append16(extra.bytes.isEmpty ? 20 : 45)
        out.append16(utf8Flag)
        out.append16(0)  // method: stored
        out.append16(record.time)
        out.append16(record.date)
        out.append32(record.crc)
        out.append32(field32(record.size, forced: forcesZip64))  // compressed size
        out.append32(field32(record.size, forced: forcesZip64))  // uncompressed size
        out.append16(UInt16(record.name.count))
        out.append16(UInt16(extra.bytes.count))
        out.append16(0)  // comment length
        out.append16(0)  // disk where the file starts
        out.append16(0)  // internal attributes
        out.append32(0o100644 << 16)  // external attributes: a regular file, rw-r--r--
        out.append32(field32(record.offset, forced: forcesZip64))
        out.bytes += record.name
        out.bytes += extra.bytes
    }
}

extension ZipStreamWriter {
    /// Little-endian field writing, as every ZIP field is.
    fileprivate struct ByteWriter {
        var bytes: [UInt8] = []

        mutating func append16(_ value: UInt16) {
            bytes += [UInt8(value & 0xFF), UInt8(value >> 8)]
        }

        mutating func append32(_ value: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }

        mutating func append64(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
    }
}
