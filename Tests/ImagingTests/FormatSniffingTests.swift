import Foundation
import Imaging
import TestSupport
import Testing

@Suite("ImageFormat.sniff: the format comes from the leading bytes only")
struct FormatSniffingTests {
    static let jpegHead: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0]
    static let pngHead: [UInt8] = PNGBuilder.signature + [0, 0, 0, 13] + Array("IHDR".utf8)
    static let webpHead: [UInt8] = Array("RIFF".utf8) + [0x1A, 0, 0, 0] + Array("WEBPVP8L".utf8)
    /// An ISO-BMFF `ftyp` box: major brand, minor version, compatible brands.
    static func ftyp(_ brand: String, compatible: [String] = ["mif1", "heic"]) -> [UInt8] {
        let size = 16 + 4 * compatible.count
        return [0, 0, 0, UInt8(size)] + Array("ftyp".utf8) + Array(brand.utf8) + [0, 0, 0, 0]
            + compatible.flatMap { Array($0.utf8) }
    }

    @Test func recognisesJPEG() {
        #expect(ImageFormat.sniff(Self.jpegHead) == .jpeg)
    }

    @Test func recognisesPNG() {
        #expect(ImageFormat.sniff(Self.pngHead) == .png)
    }

    @Test func recognisesWebP() {
        #expect(ImageFormat.sniff(Self.webpHead) == .webp)
    }

    @Test(arguments: ["heic", "heix", "mif1"])
    func recognisesHEIF(brand: String) {
        #expect(ImageFormat.sniff(Self.ftyp(brand)) == .heif)
    }

    @Test func rejectsAVIFBrand() {
        // Same ISO-BMFF container as HEIC, but AVIF is not an accepted format.
        #expect(ImageFormat.sniff(Self.ftyp("avif")) == nil)
    }

    @Test func rejectsAVIFBehindTheGenericBrand() {
        // Some AVIF encoders write the generic `mif1` as major brand; the compatible list tells.
        #expect(ImageFormat.sniff(Self.ftyp("mif1", compatible: ["mif1", "avif"])) == nil)
        #expect(ImageFormat.sniff(Self.ftyp("mif1", compatible: ["mif1", "miaf"])) == nil)
    }

    @Test func rejectsOtherRIFFFiles() {
        // RIFF....WAVE is audio, not WebP.
        #expect(ImageFormat.sniff(Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WAVEfmt ".utf8)) == nil)
    }

    @Test(
        arguments: [
            ("text", Array("hello, not a photo".utf8)),
            (
                "SVG",
                Array(
                    #"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#
                        .utf8)
            ),
            ("XML-prefixed SVG", Array(#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>"#.utf8)),
            ("PDF", Array("%PDF-1.4\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj".utf8)),
            ("GIF", Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0]),
            ("empty", []),
            ("JPEG marker cut short", [0xFF, 0xD8]),
            ("PNG signature cut short", Array(PNGBuilder.signature.prefix(7))),
            ("ftyp without brand", [0, 0, 0, 0x18] + Array("ftyp".utf8)),
        ] as [(String, [UInt8])])
    func rejectsNonPhotos(kind: String, bytes: [UInt8]) {
        #expect(ImageFormat.sniff(bytes) == nil, "\(kind) must not be taken for a photo")
    }

    @Test func ignoresWhereTheBytesComeFrom() {
        // An array slice of a JPEG header sniffs the same as the array.
        let padded = [0x00] + Self.jpegHead
        #expect(ImageFormat.sniff(Array(padded.dropFirst())) == .jpeg)
        #expect(ImageFormat.sniff(padded) == nil, "the marker must be at offset 0")
    }

    // Skipped only when ../shared/testdata/faces is absent on this machine.
    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func sniffsRealFiles() throws {
        #expect(ImageFormat.sniff(try FacePhotos.bytes("obama-1.jpg")) == .jpeg)
        #expect(ImageFormat.sniff(try FacePhotos.bytes("lin-manuel-miranda-1.png")) == .png)
        #expect(ImageFormat.sniff(try FacePhotos.bytes("README.md")) == nil)
    }
}
