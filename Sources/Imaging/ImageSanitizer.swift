import CVipsShim

/// Re-encodes an uploaded photo for storage: upright, at most `maxSide` pixels on its longer side,
/// its colours converted to sRGB from its embedded ICC profile, and written untagged with every
/// piece of metadata (EXIF, GPS, XMP, the ICC profile) dropped (docs/analysis.md#colour).
public enum ImageSanitizer {
    public struct Stored: Sendable {
        public let jpeg: [UInt8]
        public let width: Int
        public let height: Int
        /// The upload's own size in bytes: what the person chose, shown as the photo's size (the
        /// stored copy may be larger, re-encoded from a small, heavily compressed file).
        public let uploadedSize: Int
    }

    public static func strippedJPEG(from bytes: [UInt8], maxSide: Int, quality: Int = 90) throws -> Stored {
        // Stored copies may be a little under `maxSide` when that decodes a JPEG four times faster.
        let decoded = try ImageDecoder.decode(bytes: bytes, maxSide: maxSide, quickerBelow: 0.9)
        let jpeg = try EditableImage(decoded.image).jpeg(quality: quality)
        return Stored(
            jpeg: jpeg, width: decoded.image.width, height: decoded.image.height, uploadedSize: bytes.count)
    }

    /// A picture a model made, as every image we store is: full size, sRGB pixels (converted from
    /// any profile it carries), untagged, no metadata. A PNG stays a lossless PNG; anything else
    /// becomes a JPEG at `quality`.
    public static func untaggedSRGB(from bytes: [UInt8], quality: Int = 95) throws -> (
        bytes: [UInt8], contentType: String, width: Int, height: Int
    ) {
        let size = try ImageDecoder.dimensions(of: bytes)
        let decoded = try ImageDecoder.decode(bytes: bytes, maxSide: max(size.width, size.height))
        let image = EditableImage(decoded.image)
        let png = decoded.format == .png
        return (
            try png ? image.png() : image.jpeg(quality: quality), png ? "image/png" : "image/jpeg",
            decoded.image.width, decoded.image.height
        )
    }
}
