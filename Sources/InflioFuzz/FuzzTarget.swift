import Foundation
import Imaging
import NIOCore
import Uploads

/// The entry points that read untrusted bytes, each driven as the service drives it. A target
/// must never crash, hang or break its invariants whatever the bytes; errors are expected.
enum FuzzTarget: String, CaseIterable {
    /// An uploaded photo: the header read (size refused before decoding), then the decode and the
    /// re-encode that every stored photo goes through (`ImageSanitizer.strippedJPEG`).
    case image
    /// A multipart upload streamed through `MultipartSpool` in pieces of varying size.
    case multipart

    static var fromEnvironment: FuzzTarget {
        let name = ProcessInfo.processInfo.environment["INFLIO_FUZZ_TARGET"] ?? "image"
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("INFLIO_FUZZ_TARGET must be one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }

    func run(_ bytes: [UInt8]) {
        switch self {
        case .image: Self.decode(bytes)
        case .multipart: Self.spool(bytes)
        }
    }

    /// The uploads' limits, smaller: a legitimately huge picture is slow, not a finding, and would
    /// only slow the search down.
    static let imageLimits = DecodeLimits(maxFileBytes: 1 << 20, maxPixels: 4_000_000)

    private static func decode(_ bytes: [UInt8]) {
        _ = try? ImageDecoder.dimensions(of: bytes, limits: imageLimits)
        guard let decoded = try? ImageDecoder.decode(bytes: bytes, maxSide: 256, limits: imageLimits, quickerBelow: 0.9)
        else { return }
        let image = decoded.image
        precondition(image.width > 0 && image.height > 0 && max(image.width, image.height) <= 256, "decoded size")
        precondition(image.pixels.count == image.width * image.height * 3, "pixel count")
        _ = try? EditableImage(image).jpeg(quality: 90)
    }

    static let boundary = "inflio-fuzz-boundary"
    static let spoolDirectory = NSTemporaryDirectory() + "inflio-fuzz-\(getpid())"
    static let maxFileBytes = 4096
    static let maxFiles = 3

    /// The first byte sets the piece size (1–64 bytes): the parser must not care where a body is cut.
    private static func spool(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let piece = Int(first % 64) + 1
        let body = bytes.dropFirst()
        guard let spool = try? MultipartSpool(directory: spoolDirectory, maxFileBytes: maxFileBytes, maxFiles: maxFiles)
        else { fatalError("cannot create \(spoolDirectory)") }
        defer { spool.discard() }
        spool.begin(boundary: boundary)
        var start = body.startIndex
        while start < body.endIndex {
            let end = min(start + piece, body.endIndex)
            do { try spool.feed(ByteBuffer(bytes: body[start..<end])) } catch { break }
            start = end
        }
        checkInvariants(spool)
    }

    /// What the limits promise, whatever the body was.
    private static func checkInvariants(_ spool: MultipartSpool) {
        precondition(spool.fields.count <= MultipartSpool.maxTextFields, "too many fields kept")
        precondition(spool.fields.values.allSatisfy { $0.utf8.count <= MultipartSpool.maxFieldBytes }, "field size")
        precondition(spool.files.count <= maxFiles, "too many files kept")
        for file in spool.files {
            let onDisk = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue
            precondition(file.size <= maxFileBytes, "file over the limit kept")
            precondition(onDisk == file.size, "file size \(file.size) but \(onDisk ?? -1) bytes on disk")
        }
    }
}
