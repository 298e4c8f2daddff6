import Foundation
import Testing

@testable import App

/// Archives streamed entry by entry open in Python's zipfile with every CRC checked, Zip64 included;
/// paths that could escape the extraction folder are refused.
@Suite("ZipStreamWriter streams archives that zip tools open")
struct ZipStreamWriterTests {
    static let python = "/usr/bin/python3"
    static let modified = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14 22:13:20 UTC

    /// 20 MiB of bytes counting 0…250 over and over; zlib.crc32 of it is 0xC0A6D16C.
    static let big = (0..<(20 * 1024 * 1024)).map { UInt8($0 % 251) }
    static let name = "personas/Zoë 1/portrait – front.jpg"
    static let hello = Array("Hello, export!\n".utf8)  // zlib.crc32: 0xDE3A9DDE

    /// What Python's zipfile reports about an archive.
    struct Report: Decodable {
        struct Entry: Decodable, Equatable {
            var name: String
            var size: Int
            /// zlib.crc32 of the bytes read back.
            var crc: UInt32
            var flags: Int
            var method: Int
            var date: [Int]
        }
        /// The first entry whose CRC does not match (testzip()), nil when all do.
        var bad: String?
        var entries: [Entry]
    }

    static let checker = """
        import json, sys, zipfile, zlib
        with zipfile.ZipFile(sys.argv[1]) as archive:
            bad = archive.testzip()
            entries = [
                {"name": i.filename, "size": i.file_size, "crc": zlib.crc32(archive.read(i)),
                 "flags": i.flag_bits, "method": i.compress_type, "date": list(i.date_time)}
                for i in archive.infolist()
            ]
        print(json.dumps({"bad": bad, "entries": entries}))
        """

    /// Streams the entries through `writer` into a temporary file, as a response body would be sent.
    static func archive(_ entries: [(String, [UInt8], Date)], writer: ZipStreamWriter = ZipStreamWriter()) throws
        -> URL
    {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID().uuidString).zip")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var writer = writer
        for (path, bytes, modified) in entries {
            try handle.write(contentsOf: writer.entry(path: path, bytes: bytes, modified: modified))
        }
        try handle.write(contentsOf: writer.finish())
        return url
    }

    static func check(_ url: URL) throws -> Report {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", checker, url.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "zipfile could not read \(url.path): \(message)")
        return try JSONDecoder().decode(Report.self, from: data)
    }

    static func entry(_ name: String, size: Int, crc: UInt32, date: [Int] = [2023, 11, 14, 22, 13, 20]) -> Report.Entry
    {
        Report.Entry(name: name, size: size, crc: crc, flags: 0x800, method: 0, date: date)
    }

    static let expected = [
        entry(name, size: hello.count, crc: 0xDE3A_9DDE),
        entry("empty", size: 0, crc: 0),
        entry("big.bin", size: big.count, crc: 0xC0A6_D16C),
        // DOS dates start in 1980, so older times are clamped to its first second.
        entry("old.txt", size: 5, crc: 0x3610_A686, date: [1980, 1, 1, 0, 0, 0]),
    ]

    static var entries: [(String, [UInt8], Date)] {
        [
            (name, hello, modified), ("empty", [], modified), ("big.bin", big, modified),
            ("old.txt", Array("hello".utf8), Date(timeIntervalSince1970: 0)),
        ]
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "/usr/bin/python3 is absent"))
    func pythonReadsEveryEntryBack() throws {
        let url = try Self.archive(Self.entries)
        defer { try? FileManager.default.removeItem(at: url) }
        let report = try Self.check(url)
        #expect(report.bad == nil)
        #expect(report.entries == Self.expected)
        // No Zip64 end record in a small archive, so tools without Zip64 open it too.
        let bytes = try [UInt8](Data(contentsOf: url))
        #expect(!Self.contains([0x50, 0x4B, 0x06, 0x06], in: bytes.suffix(200)))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "/usr/bin/python3 is absent"))
    func pythonReadsAForcedZip64Archive() throws {
        let url = try Self.archive(Self.entries, writer: ZipStreamWriter(forcesZip64: true))
        defer { try? FileManager.default.removeItem(at: url) }
        let report = try Self.check(url)
        #expect(report.bad == nil)
        #expect(report.entries == Self.expected)
        let tail = try [UInt8](Data(contentsOf: url)).suffix(200)
        #expect(Self.contains([0x50, 0x4B, 0x06, 0x06], in: tail))  // Zip64 end of central directory
        #expect(Self.contains([0x50, 0x4B, 0x06, 0x07], in: tail))  // and its locator
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python), "/usr/bin/python3 is absent"))
    func moreThan65535EntriesSwitchToZip64() throws {
        let count = 65_536
        let url = try Self.archive(
            (0..<count).map { ("files/\($0).txt", [UInt8(truncatingIfNeeded: $0)], Self.modified) })
        defer { try? FileManager.default.removeItem(at: url) }
        let report = try Self.check(url)
        #expect(report.bad == nil)
        #expect(report.entries.count == count)
        #expect(report.entries.last?.name == "files/65535.txt")
        let tail = try [UInt8](Data(contentsOf: url)).suffix(200)
        #expect(Self.contains([0x50, 0x4B, 0x06, 0x06], in: tail))
    }

    @Test func refusesPathsThatCouldEscapeOrClash() throws {
        var writer = ZipStreamWriter()
        for path in ["", "/etc/passwd", "../up", "a/../../b", "a/..", "a\\b", "a//b", "./a", "dir/", "bell\u{7}"] {
            #expect(throws: ZipStreamWriter.Failure.self, "\(path)") {
                _ = try writer.entry(path: path, bytes: [1], modified: Self.modified)
            }
        }
        _ = try writer.entry(path: "a/b.txt", bytes: [1], modified: Self.modified)
        #expect(throws: ZipStreamWriter.Failure.duplicatePath("a/b.txt")) {
            _ = try writer.entry(path: "a/b.txt", bytes: [2], modified: Self.modified)
        }
        // Names that merely contain dots are fine.
        _ = try writer.entry(path: "a/..b/c..", bytes: [], modified: Self.modified)
        _ = try writer.finish()
        #expect(throws: ZipStreamWriter.Failure.finished) {
            _ = try writer.entry(path: "late.txt", bytes: [], modified: Self.modified)
        }
        #expect(throws: ZipStreamWriter.Failure.finished) { _ = try writer.finish() }
    }

    @Test func errorsSayWhichPathAndWhy() {
        let error = ZipStreamWriter.Failure.invalidPath("a/../b", reason: "it contains a \"..\" component")
        #expect(error.description.contains("a/../b"))
        #expect(ZipStreamWriter.Failure.duplicatePath("x.jpg").description.contains("x.jpg"))
    }

    static func contains(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (haystack.startIndex...(haystack.endIndex - needle.count)).contains {
            haystack[$0..<($0 + needle.count)].elementsEqual(needle)
        }
    }
}
