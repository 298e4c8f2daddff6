import Imaging
import Testing

/// What `make fuzz`'s image target found: each used to stop the process.
struct FuzzFindingTests {
    /// 64 bytes, a JPEG whose frame header claims 6×4096 pixels (and an empty EXIF segment).
    /// Shrunk on load, the picture was under a pixel wide and libvips 8.14 aborted on an assertion
    /// ("bad dimensions"). A shape beyond 20:1 is now refused from the header.
    static let sliverJPEG: [UInt8] = [
        0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28, 0xD7, 0xD6, 0x28, 0x28, 0x31, 0x28,
        0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0x28, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x10, 0x00,
        0x00, 0x06, 0x03, 0x01, 0x22, 0x18, 0x02, 0x11, 0x01, 0x03, 0x13, 0x01, 0xFF, 0xDA, 0x00, 0x0C,
        0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00, 0x7C, 0x27, 0x11, 0xFE, 0x6B, 0xD9,
    ]

    @Test func aSliverOfAPictureIsRefusedNotDecoded() {
        for maxSide in [256, 2048] {
            let error = imagingError { _ = try ImageDecoder.decode(bytes: Self.sliverJPEG, maxSide: maxSide) }
            #expect(error?.code == "unreadable_image", "\(String(describing: error))")
            #expect(error?.message.contains("6×4096") == true, "\(String(describing: error))")
        }
        let stored = imagingError { _ = try ImageSanitizer.strippedJPEG(from: Self.sliverJPEG, maxSide: 2048) }
        #expect(stored?.code == "unreadable_image")
    }

    /// 20:1 still decodes: a panorama is a shape a photo may have.
    @Test func aPanoramaStillDecodes() throws {
        let pixels = [UInt8](repeating: 128, count: 400 * 20 * 3)
        let png = try EditableImage(RGBImage(width: 400, height: 20, pixels: pixels)).png()
        let decoded = try ImageDecoder.decode(bytes: png, maxSide: 256)
        #expect(decoded.image.width == 256 && decoded.image.height >= 12)
    }
}
