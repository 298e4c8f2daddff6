import CVipsShim

/// A logo for storage: a PNG of 8-bit sRGB with its transparency kept (a photo's alpha is flattened
/// by `ImageDecoder`; a logo's is the point), at most `maxSide` pixels on its longer side, metadata
/// dropped. The same limits and strict loading as uploaded photos: the bytes come from a user.
public enum LogoSanitizer {
    public struct Stored: Sendable {
        public let png: [UInt8]
        public let width: Int
        public let height: Int
        public let transparent: Bool
    }

    public static func png(from bytes: [UInt8], maxSide: Int) throws -> Stored {
        _ = try ImageDecoder.dimensions(of: bytes)
        return try bytes.withUnsafeBytes { raw throws -> Stored in
            guard
                let loaded = inflio_vips_thumbnail(
                    raw.baseAddress, raw.count, Int32(maxSide), Int32(maxSide), 1, ImageDecoder.strictLoading, nil,
                    ColourManagement.intent.rawValue)
            else { throw ImagingError.unreadableImage(reason: VipsRuntime.takeError()) }
            do {
                var image = VipsImage(loaded)
                let transparent = image.hasAlpha
                image = try image.map("colourspace") { inflio_vips_to_srgb($0) }
                image = try image.map("cast") { inflio_vips_cast_uchar($0) }
                let keep = transparent ? 4 : 3
                if image.bands > keep {
                    image = try image.map("bands") { inflio_vips_extract_bands($0, 0, Int32(keep)) }
                }
                // Computed here, inside the buffer's lifetime (libvips reads it lazily).
                image = try image.map("copy to memory") { inflio_vips_copy_memory($0) }
                let png = EditableImage(image)
                return Stored(png: try png.png(), width: png.width, height: png.height, transparent: transparent)
            } catch ImagingError.operationFailed(let detail) {
                throw ImagingError.unreadableImage(reason: detail)
            }
        }
    }
}
