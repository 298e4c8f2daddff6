import Foundation
import MultipartKit
import NIOCore
import Vapor

/// Receives a multipart body as it streams in: text fields in memory (small, capped), files
/// straight to disk, so twenty 8 MB photos never sit in memory at once. Limits are enforced
/// while receiving: a file past `maxFileBytes` or a file past `maxFiles` stops the upload.
final class MultipartSpool: @unchecked Sendable {
    // Only touched from the request's task, one chunk at a time.
    struct SpooledFile {
        let field: String
        let fileName: String
        let path: String
        let size: Int
    }

    enum Limit: Error {
        case fileTooLarge(String)
        case tooManyFiles
        case fieldTooLarge(String)
        case tooManyFields
    }

    let directory: String
    let maxFileBytes: Int
    let maxFiles: Int
    static let maxFieldBytes = 64 * 1024
    /// Text parts in one body, and their bytes together: the routes read two or three fields, and
    /// without a cap 3,000 distinct 64 KB fields were kept in memory (issue 13, finding 6).
    static let maxTextFields = 16
    static let maxTextBytes = 256 * 1024

    private(set) var fields: [String: String] = [:]
    private(set) var files: [SpooledFile] = []
    private var limitHit: Limit?

    // The part being received.
    private var headers: [String: String] = [:]
    private var handle: FileHandle?
    private var path: String?
    private var size = 0
    private var text: [UInt8] = []
    private var textFields = 0
    private var textBytes = 0

    init(directory: String, maxFileBytes: Int, maxFiles: Int) throws {
        self.directory = (directory as NSString).appendingPathComponent(UUID().uuidString)
        self.maxFileBytes = maxFileBytes
        self.maxFiles = maxFiles
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
    }

    /// Streams `body` through the parser. Throws `Limit` as soon as a limit is passed.
    func receive(_ body: Request.Body, boundary: String) async throws {
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { [unowned self] name, value in headers[name.lowercased()] = value }
        parser.onBody = { [unowned self] buffer in consume(&buffer) }
        parser.onPartComplete = { [unowned self] in completePart() }
        for try await chunk in body {
            try parser.execute(chunk)
            if let limitHit { throw limitHit }
        }
        if let limitHit { throw limitHit }
    }

    /// Deletes every spooled file.
    func discard() {
        try? handle?.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private var disposition: (name: String, fileName: String?) {
        let value = headers["content-disposition"] ?? ""
        func parameter(_ key: String) -> String? {
            guard let range = value.range(of: "\(key)=\"") else { return nil }
            let rest = value[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        return (parameter("name") ?? "", parameter("filename"))
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
        if handle == nil {
            guard files.count < maxFiles else {
                limitHit = .tooManyFiles
                return
            }
            let target = (directory as NSString).appendingPathComponent("\(files.count).upload")
            FileManager.default.createFile(atPath: target, contents: nil)
            handle = FileHandle(forWritingAtPath: target)
            path = target
            size = 0
        }
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
        if handle == nil {
            // An empty file part: `consume` never ran for it, but it is still a file.
            guard files.count < maxFiles else {
                limitHit = .tooManyFiles
                return
            }
            let target = (directory as NSString).appendingPathComponent("\(files.count).upload")
            FileManager.default.createFile(atPath: target, contents: nil)
            path = target
        }
        try? handle?.close()
        if let path { files.append(SpooledFile(field: name, fileName: fileName, path: path, size: size)) }
    }
}
