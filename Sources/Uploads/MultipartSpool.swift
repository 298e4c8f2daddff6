import Foundation
import NIOCore

/// Receives a multipart body as it streams in: text fields in memory (small, capped), files
/// straight to disk, so twenty 8 MB photos never sit in memory at once. Limits are enforced
/// while receiving: a file past `maxFileBytes` or a file past `maxFiles` stops the upload.
///
/// A module of its own, without Vapor, so that `make fuzz` can feed it bytes (Sources/InflioFuzz).
public final class MultipartSpool: @unchecked Sendable {
    // Only touched from the request's task, one chunk at a time.
    public struct SpooledFile: Sendable {
        public let field: String
        public let fileName: String
        public let path: String
        public let size: Int
    }

    public enum Limit: Error {
        case fileTooLarge(String)
        case tooManyFiles
        case fieldTooLarge(String)
        case tooManyFields
    }

    public let directory: String
    public let maxFileBytes: Int
    public let maxFiles: Int
    public static let maxFieldBytes = 64 * 1024
    /// Text parts in one body, and their bytes together: the routes read two or three fields, and
    /// without a cap 3,000 distinct 64 KB fields were kept in memory (issue 13, finding 6).
    public static let maxTextFields = 16
    public static let maxTextBytes = 256 * 1024

    public private(set) var fields: [String: String] = [:]
    public private(set) var files: [SpooledFile] = []
    private var limitHit: Limit?
    private var parser: MultipartBodyParser?

    // The part being received.
    private var headers: [String: String] = [:]
    private var handle: FileHandle?
    private var path: String?
    private var size = 0
    private var text: [UInt8] = []
    private var textFields = 0
    private var textBytes = 0

    public init(directory: String, maxFileBytes: Int, maxFiles: Int) throws {
        self.directory = (directory as NSString).appendingPathComponent(UUID().uuidString)
        self.maxFileBytes = maxFileBytes
        self.maxFiles = maxFiles
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
    }

    /// After a refusal, the rest of a body is still read (and dropped), up to this many bytes.
    public static let maxDrainBytes = 64 * 1024 * 1024

    /// Streams `body` (a request's) through the parser. Throws `Limit` as soon as a limit is
    /// passed, or the parser's error, at once; the rest of the body is then read and dropped in the
    /// background (`drainInBackground`).
    public func receive<Body: AsyncSequence>(_ body: Body, boundary: String) async throws
    where Body.Element == ByteBuffer {
        begin(boundary: boundary)
        var iterator = body.makeAsyncIterator()
        while let chunk = try await iterator.next() {
            do {
                try feed(chunk)
            } catch {
                Self.drainInBackground(iterator)
                throw error
            }
            // A fast client's chunks are already waiting, so the loop would never suspend: two big
            // uploads then held both cooperative threads for seconds and /health waited
            // (issue 13, finding 5). Yielding per chunk lets other requests in between.
            await Task.yield()
        }
        if let limitHit { throw limitHit }
    }

    /// Once a handler has started reading a body, Vapor leaves the rest unread when it answers; a
    /// client that sends all of its body before reading the answer then waits on a full socket
    /// until the idle timeout (3,000 text fields once stalled 600 s that way under load). So the
    /// answer goes at once and the rest is read here, after it, up to `maxDrainBytes`.
    static func drainInBackground<Iterator: AsyncIteratorProtocol>(_ iterator: Iterator)
    where Iterator.Element == ByteBuffer {
        let handOver = HandOver(iterator)
        Task {
            var rest = handOver.value
            var drained = 0
            while drained <= maxDrainBytes, let chunk = try? await rest.next() { drained += chunk.readableBytes }
        }
    }

    /// Moves a body's iterator to the task that drains it; nothing else touches it afterwards.
    private final class HandOver<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// The parser for a body with this boundary; then `feed` it the body's bytes in order.
    public func begin(boundary: String) {
        let parser = MultipartBodyParser(boundary: boundary)
        parser.onHeader = { [unowned self] name, value in headers[name.lowercased()] = value }
        parser.onBody = { [unowned self] buffer in consume(&buffer) }
        parser.onPartComplete = { [unowned self] in completePart() }
        self.parser = parser
    }

    /// The next piece of the body. Throws the parser's error, or `Limit` once a limit is passed.
    public func feed(_ chunk: ByteBuffer) throws {
        try parser?.execute(chunk)
        if let limitHit { throw limitHit }
    }

    /// Deletes every spooled file.
    public func discard() {
        try? handle?.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private var disposition: (name: String, fileName: String?) {
        let parameters = Self.dispositionParameters(headers["content-disposition"] ?? "")
        return (parameters["name"] ?? "", parameters["filename"])
    }

    /// `form-data; name="photos"; filename="a.jpg"` → `[name: photos, filename: a.jpg]`: each
    /// parameter by its own key (case ignored), in any order, quoted (with `\"` escapes) or not.
    /// (Found by the client generated from the API's contract: it writes `filename` before `name`,
    /// and a search for `name="` found the one inside `filename="`.)
    static func dispositionParameters(_ value: String) -> [String: String] {
        var parameters: [String: String] = [:]
        var rest = Substring(value)
        // The disposition type (`form-data`) comes first; parameters follow, each after a `;`.
        guard let first = rest.firstIndex(of: ";") else { return [:] }
        rest = rest[rest.index(after: first)...]
        while !rest.isEmpty {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" || $0 == ";" })
            guard let equals = rest.firstIndex(of: "=") else { break }
            // A parameter without a value (`form-data; foo; name="x"`) is skipped whole.
            if let semicolon = rest.firstIndex(of: ";"), semicolon < equals {
                rest = rest[semicolon...]
                continue
            }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop(while: { $0 == " " })
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        parsed.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        parsed.append(character)
                    }
                }
                rest = rest.drop(while: { $0 != ";" })
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            // The first of a repeated key counts, as before.
            if parameters[key] == nil { parameters[key] = parsed }
        }
        return parameters
    }

    private func consume(_ buffer: inout ByteBuffer) {
        guard limitHit == nil else { return }
        let (name, fileName) = disposition
        guard fileName != nil else {
            text.append(contentsOf: buffer.readableBytesView)
            textBytes += buffer.readableBytes
            if text.count > Self.maxFieldBytes || textBytes > Self.maxTextBytes { limitHit = .fieldTooLarge(name) }
            return
        }
        if handle == nil, !startFile(writing: true) { return }
        size += buffer.readableBytes
        if size > maxFileBytes {
            limitHit = .fileTooLarge(fileName ?? "photo")
            return
        }
        handle?.write(Data(buffer.readableBytesView))
    }

    private func completePart() {
        let (name, fileName) = disposition
        defer {
            headers = [:]
            handle = nil
            path = nil
            size = 0
            text = []
        }
        guard limitHit == nil else {
            try? handle?.close()
            return
        }
        guard let fileName else {
            textFields += 1
            if textFields > Self.maxTextFields {
                limitHit = .tooManyFields
            } else {
                fields[name] = String(decoding: text, as: UTF8.self)
            }
            return
        }
        // An empty file part: `consume` never ran for it, but it is still a file.
        if handle == nil, !startFile(writing: false) { return }
        try? handle?.close()
        if let path { files.append(SpooledFile(field: name, fileName: fileName, path: path, size: size)) }
    }

    /// Creates the part's file on disk (opened for writing when bytes are coming); false, with the
    /// limit noted, when the body already has its most files.
    private func startFile(writing: Bool) -> Bool {
        guard files.count < maxFiles else {
            limitHit = .tooManyFiles
            return false
        }
        let target = (directory as NSString).appendingPathComponent("\(files.count).upload")
        _ = FileManager.default.createFile(atPath: target, contents: nil)
        if writing { handle = FileHandle(forWritingAtPath: target) }
        path = target
        size = 0
        return true
    }
}
