extension EditableImage {
    /// Decodes trusted or already-vetted bytes upright as 8-bit sRGB (converted from the embedded
    /// ICC profile, as `ImageDecoder` does), shrunk on load so the longer side is at most
    /// `maxSide` (a JPEG is decoded at 1/2, 1/4 or 1/8 scale by libjpeg itself, far cheaper than
    /// decoding everything and shrinking afterwards).
    public init(bytes: [UInt8], maxSide: Int) throws {
        guard ImageFormat.sniff(bytes) != nil else { throw ImagingError.unsupportedFormat }
        try VipsRuntime.ensureStarted()
        let header = try PhotoHeader.read(bytes, limits: nil)
        self.init(try ImageDecoder.srgbPixels(of: bytes, maxSide: maxSide, header: header).image)
    }
}
