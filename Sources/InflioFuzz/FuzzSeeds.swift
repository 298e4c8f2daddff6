import Foundation
import Imaging

/// Small valid inputs for libFuzzer to start from: it mutates them far faster than it would find a
/// JPEG or a multipart body from nothing.
enum FuzzSeeds {
    static func write(_ target: FuzzTarget, into directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let seeds = try target == .image ? images() : multipartBodies()
        for (name, bytes) in seeds {
            try Data(bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
    }

    /// A 24×16 gradient as JPEG (plain and turned by EXIF) and PNG, and a PNG whose header claims
    /// 100000×100000 (refused from the header).
    static func images() throws -> [(String, [UInt8])] {
        var pixels: [UInt8] = []
        for y in 0..<16 { for x in 0..<24 { pixels += [UInt8(x * 10), UInt8(y * 15), UInt8((x + y) * 6)] } }
        let image = EditableImage(RGBImage(width: 24, height: 16, pixels: pixels))
        var huge = try image.png()
        // IHDR's width and height, big-endian, after the 8-byte signature and the chunk's length and type.
        let side: [UInt8] = [0x00, 0x01, 0x86, 0xA0]
        huge.replaceSubrange(16..<20, with: side)
        huge.replaceSubrange(20..<24, with: side)
        return [
            ("gradient.jpg", try image.jpeg(quality: 80)),
            ("gradient-rotated.jpg", try image.jpeg(quality: 80, exifOrientation: 6)),
            ("gradient.png", try image.png()),
            ("huge-header.png", huge),
        ]
    }

    /// A first byte (the piece size), then bodies with text fields, files, an empty file and a
    /// body cut short.
    static func multipartBodies() -> [(String, [UInt8])] {
        let b = FuzzTarget.boundary
        func part(_ name: String, file: String? = nil, _ content: String) -> String {
            let filename = file.map { "; filename=\"\($0)\"" } ?? ""
            return "--\(b)\r\nContent-Disposition: form-data; name=\"\(name)\"\(filename)\r\n"
                + (file == nil ? "" : "Content-Type: image/jpeg\r\n") + "\r\n\(content)\r\n"
        }
        let bodies = [
            "fields": part("name", "Ada") + part("description", "A persona") + "--\(b)--\r\n",
            "files": part("name", "Ada") + part("photos", file: "a.jpg", "\u{FF}\u{D8}\u{FF}abc")
                + part("photos", file: "b.jpg", "xyz") + "--\(b)--\r\n",
            "empty-file": part("photo", file: "empty.jpg", "") + "--\(b)--\r\n",
            "cut-short": part("name", "Ada") + "--\(b)\r\nContent-Disposition: form-data; name=\"pho",
        ]
        return bodies.map { name, body in (name, [7] + Array(body.utf8)) }
    }
}
