import Foundation
import TestSupport
import Testing

/// What one run of the real `inflio` executable produced.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String

    /// stdout decoded as `T` (see CLIBodies.swift); a mismatch fails with the output's text.
    func decode<T: Decodable>(_ type: T.Type, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        try #require(!stdout.isEmpty, "no output; stderr: \(stderr)", sourceLocation: sourceLocation)
        return try TypedJSON.decode(T.self, from: Array(stdout.utf8))
    }
}

/// Runs the `inflio` executable built next to the test bundle, as a user would.
enum CLI {
    /// The built `inflio`: the test binary lives in the same build folder (`<scratch>/debug/` on
    /// Linux, where the tests are `inflioPackageTests.xctest`; on macOS inside the .xctest bundle),
    /// whatever the scratch path (.build, .build-helper, ...). Found by walking up from the test
    /// binary to the first folder holding an executable file named `inflio`.
    static let executable: URL? = {
        var starts: [URL] = []
        if let first = CommandLine.arguments.first { starts.append(URL(fileURLWithPath: first)) }
        if let url = Bundle.main.executableURL { starts.append(url) }
        starts.append(Bundle.main.bundleURL)
        starts += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        for start in starts {
            for base in [start, start.resolvingSymlinksInPath()] {
                var dir = base.deletingLastPathComponent()
                while dir.path != "/" && !dir.path.isEmpty {
                    let candidate = dir.appendingPathComponent("inflio")
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                        !isDirectory.boolValue,
                        FileManager.default.isExecutableFile(atPath: candidate.path)
                    {
                        return candidate
                    }
                    dir = dir.deletingLastPathComponent()
                }
            }
        }
        return nil
    }()

    static func run(
        _ arguments: [String], timeout: TimeInterval = 180, environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLIResult {
        let executable = try #require(
            CLI.executable,
            "the inflio executable was not found next to \(CommandLine.arguments.first ?? "the test binary")",
            sourceLocation: sourceLocation)
        let scratch = try TemporaryDirectory()
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        try #require(FileManager.default.createFile(atPath: outURL.path, contents: nil), sourceLocation: sourceLocation)
        try #require(FileManager.default.createFile(atPath: errURL.path, contents: nil), sourceLocation: sourceLocation)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        try out.close()
        try err.close()

        let result = CLIResult(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
        #expect(
            process.terminationReason == .exit,
            "inflio \(arguments.joined(separator: " ")) was killed (signal \(process.terminationStatus)); stderr: \(result.stderr)",
            sourceLocation: sourceLocation)
        return result
    }
}

/// A fresh folder under the system temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("inflio-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }
}

/// Every array anywhere in a JSON value, with how many numbers it holds: a face descriptor would
/// show up as an array of 128 numbers.
func largestNumberArray(in value: JSONTree) -> Int {
    switch value {
    case .array(let array):
        let own = array.filter { if case .number = $0 { true } else { false } }.count
        return array.map(largestNumberArray).reduce(own, max)
    case .object(let object):
        return object.values.map(largestNumberArray).reduce(0, max)
    default:
        return 0
    }
}

/// Every key anywhere in a JSON value.
func allKeys(in value: JSONTree) -> Set<String> {
    switch value {
    case .array(let array): return array.reduce(into: Set()) { $0.formUnion(allKeys(in: $1)) }
    case .object(let object):
        return object.reduce(into: Set(object.keys)) { $0.formUnion(allKeys(in: $1.value)) }
    default: return []
    }
}

/// A complete PNG of one flat colour, built by hand (stored deflate blocks, Adler-32, CRC-32):
/// a real, decodable picture with no face in it.
enum FlatPNG {
    static func make(width: Int, height: Int, grey: UInt8) -> [UInt8] {
        var raw: [UInt8] = []
        for _ in 0..<height {
            raw.append(0)
            raw += [UInt8](repeating: grey, count: width * 3)
        }
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            out.append(offset + length == data.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian((b << 16) | a)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}

/// All tests that run the executable, one at a time: each run loads the face models and uses
/// every core.
@Suite("inflio executable", .serialized)
struct CLITests {}
