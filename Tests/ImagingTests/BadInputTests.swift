import Foundation
import Imaging
import TestSupport
import Testing

/// Untrusted bytes that are not a decodable photo fail with a stable code and a readable message.
@Suite("ImageDecoder rejects bad input with stable codes")
struct BadInputTests {
    func expectCode(_ expected: String, decoding bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let error = imagingError(
            { _ = try ImageDecoder.decode(bytes: bytes, maxSide: 512) }, sourceLocation: sourceLocation)
        #expect(error?.code == expected, "got \(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error.map { !$0.message.isEmpty } == true, sourceLocation: sourceLocation)
    }

    @Test func emptyFileIsUnreadable() {
        expectCode("unreadable_image", decoding: [])
    }

    // Skipped only when ../shared/testdata/faces is absent on this machine.
    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func truncatedJPEGIsUnreadable() throws {
        let full = try FacePhotos.bytes("obama-1.jpg")
        let truncated = Array(full.prefix(full.count * 4 / 10))
        #expect(ImageFormat.sniff(truncated) == .jpeg)
        expectCode("unreadable_image", decoding: truncated)
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func truncatedPNGIsUnreadable() throws {
        let full = try FacePhotos.bytes("lin-manuel-miranda-1.png")
        expectCode("unreadable_image", decoding: Array(full.prefix(full.count / 2)))
    }

    @Test func jpegMarkerFollowedByGarbageIsUnreadable() {
        // Sniffs as JPEG, but libjpeg cannot parse it.
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 { bytes.append(UInt8.random(in: 0...255, using: &generator)) }
        expectCode("unreadable_image", decoding: bytes)
    }

    @Test func textIsUnsupported() {
        expectCode("unsupported_format", decoding: Array("hello, not a photo".utf8))
    }

    @Test func svgIsUnsupported() {
        let svg =
            #"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="40" fill="red"/></svg>"#
        expectCode("unsupported_format", decoding: Array(svg.utf8))
    }

    @Test func pdfIsUnsupported() {
        let pdf =
            "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        expectCode("unsupported_format", decoding: Array(pdf.utf8))
    }

    @Test func gifIsUnsupported() {
        // A complete 1×1 GIF: a real image, but not a format we accept.
        let gif: [UInt8] =
            Array("GIF89a".utf8) + [
                1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255,
                0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B,
            ]
        expectCode("unsupported_format", decoding: gif)
    }

    @Test func avifIsUnsupported() {
        let avif: [UInt8] = [0, 0, 0, 0x1C] + Array("ftypavif".utf8) + [0, 0, 0, 0] + Array("avifmif1miaf".utf8)
        expectCode("unsupported_format", decoding: avif)
    }

    @Test func pngClaiming100000SquarePixelsIsTooLarge() {
        // 10 gigapixels in the header; the limit must trip on the header, before any pixel is decoded.
        let png =
            PNGBuilder.signature
            + PNGBuilder.ihdr(width: 100_000, height: 100_000, colorType: 2)
            + PNGBuilder.chunk("IDAT", PNGBuilder.zlibStored([0, 0, 0, 0]))
            + PNGBuilder.chunk("IEND", [])
        #expect(ImageFormat.sniff(png) == .png)
        let error = imagingError { _ = try ImageDecoder.decode(bytes: png, maxSide: 512) }
        #expect(error?.code == "image_too_large", "got \(String(describing: error))")
        #expect(
            error?.message.contains("100000×100000") == true,
            "the message should say why: \(String(describing: error?.message))")
    }

    @Test func pngOverACustomPixelLimitIsTooLarge() {
        let png = PNGBuilder.png(width: 40, height: 30, channels: 3, pixels: [UInt8](repeating: 90, count: 40 * 30 * 3))
        let limits = DecodeLimits(maxFileBytes: 1_000_000, maxPixels: 1_000)
        let error = imagingError { _ = try ImageDecoder.decode(bytes: png, maxSide: 64, limits: limits) }
        #expect(error?.code == "image_too_large")
        // The same picture under the default limits decodes.
        let decoded = try? ImageDecoder.decode(bytes: png, maxSide: 64)
        #expect(decoded?.image.width == 40 && decoded?.image.height == 30)
    }

    @Test func moreBytesThanTheUploadLimitIsTooLarge() {
        var bytes = [UInt8](repeating: 0, count: 26 * 1024 * 1024)
        bytes.replaceSubrange(0..<4, with: [0xFF, 0xD8, 0xFF, 0xE0])
        #expect(bytes.count > DecodeLimits.uploads.maxFileBytes)
        expectCode("image_too_large", decoding: bytes)
    }

    @Test func oversizedFileIsRefusedFromItsSize() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "imaging-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("huge.jpg")
        var bytes = [UInt8](repeating: 0, count: 2_000)
        bytes.replaceSubrange(0..<4, with: [0xFF, 0xD8, 0xFF, 0xE0])
        try Data(bytes).write(to: file)
        let limits = DecodeLimits(maxFileBytes: 1_000, maxPixels: 50_000_000)
        let error = imagingError { _ = try ImageDecoder.decode(fileAt: file.path, maxSide: 512, limits: limits) }
        #expect(error?.code == "image_too_large")
    }

    @Test func missingFileIsUnreadable() {
        let path = "/nonexistent-\(UUID().uuidString)/photo.jpg"
        let error = imagingError { _ = try ImageDecoder.decode(fileAt: path, maxSide: 512) }
        #expect(error?.code == "unreadable_image")
        #expect(error.map { !$0.message.isEmpty } == true)
    }

    @Test func editableImageRefusesNonPhotos() {
        let error = imagingError { _ = try EditableImage(bytes: Array("hello, not a photo".utf8)) }
        #expect(error?.code == "unsupported_format")
    }

    @Test func everyErrorHasAStableCodeAndAMessage() {
        let cases: [(ImagingError, String)] = [
            (.unsupportedFormat, "unsupported_format"),
            (.imageTooLarge(reason: "x"), "image_too_large"),
            (.unreadableImage(reason: "x"), "unreadable_image"),
            (.operationFailed("x"), "image_operation_failed"),
        ]
        for (error, code) in cases {
            #expect(error.code == code)
            #expect(!error.message.isEmpty)
        }
    }
}

/// Random damage to real photos either decodes or throws `ImagingError`: it never crashes.
@Suite("Decoding damaged photos never crashes")
struct MutationTests {
    static func mutations(of original: [UInt8], seed: UInt64, variants: Int, bytesPerVariant: Int, after start: Int)
        -> [[UInt8]]
    {
        var generator = SeededGenerator(seed: seed)
        return (0..<variants).map { _ in
            var bytes = original
            for _ in 0..<bytesPerVariant {
                bytes[Int.random(in: start..<bytes.count, using: &generator)] = UInt8.random(
                    in: 0...255, using: &generator)
            }
            return bytes
        }
    }

    func decodeEach(_ variants: [[UInt8]]) -> (decoded: Int, failed: Int) {
        var decoded = 0
        var failed = 0
        for (i, bytes) in variants.enumerated() {
            do {
                let photo = try ImageDecoder.decode(bytes: bytes, maxSide: 256)
                #expect(photo.image.pixels.count == photo.image.width * photo.image.height * 3, "variant \(i)")
                decoded += 1
            } catch let error as ImagingError {
                #expect(["unreadable_image", "image_too_large"].contains(error.code), "variant \(i): \(error)")
                failed += 1
            } catch {
                Issue.record("variant \(i) threw a non-ImagingError: \(error)")
            }
        }
        return (decoded, failed)
    }

    // Skipped only when ../shared/testdata/faces is absent on this machine.
    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func mutatedJPEGs() throws {
        let original = try FacePhotos.bytes("obama-1.jpg")
        let variants = Self.mutations(of: original, seed: 0x1F10, variants: 20, bytesPerVariant: 50, after: 2)
        let result = decodeEach(variants)
        #expect(result.decoded + result.failed == 20)
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func mutatedPNGs() throws {
        let original = try FacePhotos.bytes("alex-lacamoire-2.png")
        let variants = Self.mutations(of: original, seed: 0x9A6, variants: 12, bytesPerVariant: 20, after: 8)
        let result = decodeEach(variants)
        #expect(result.decoded + result.failed == 12)
    }
}
