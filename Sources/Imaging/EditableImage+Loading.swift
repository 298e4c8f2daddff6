import CVipsShim

extension EditableImage {
    /// Decodes trusted or already-vetted bytes upright as 8-bit sRGB, shrunk on load so the
    /// longer side is at most `maxSide` (a JPEG is decoded at 1/2, 1/4 or 1/8 scale by libjpeg
    /// itself, far cheaper than decoding everything and shrinking afterwards).
    public init(bytes: [UInt8], maxSide: Int) throws {
        guard ImageFormat.sniff(bytes) != nil else { throw ImagingError.unsupportedFormat }
        try VipsRuntime.ensureStarted()
        // As in init(bytes:), the pixels are taken before the borrowed buffer goes out of scope.
        let rgb = try bytes.withUnsafeBytes { raw throws -> RGBImage in
            let loaded = try VipsImage.checked(
                inflio_vips_thumbnail(
                    raw.baseAddress, raw.count, Int32(maxSide), Int32(maxSide), 1, ImageDecoder.strictLoading), "load")
            return try ImageDecoder.rgbPixels(of: loaded)
        }
        self.init(rgb)
    }
}
