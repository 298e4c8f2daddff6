import CVipsShim

/// Re-encodes an uploaded photo for storage: upright, at most `maxSide` pixels on its longer side,
/// its colours converted to sRGB from its embedded ICC profile, and written untagged with every
/// piece of metadata (EXIF, GPS, XMP, the ICC profile) dropped (docs/analysis.md#colour).
public enum ImageSanitizer {
    public struct Stored: Sendable {
        public let jpeg: [UInt8]
        public let width: Int
        public let height: Int
    }

    public static func strippedJPEG(from bytes: [UInt8], maxSide: Int, quality: Int = 90) throws -> Stored {
        let decoded = try ImageDecoder.decode(bytes: bytes, maxSide: maxSide)
        let jpeg = try EditableImage(decoded.image).jpeg(quality: quality)
        return Stored(jpeg: jpeg, width: decoded.image.width, height: decoded.image.height)
    }
}
