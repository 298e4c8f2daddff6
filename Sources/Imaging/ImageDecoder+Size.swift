extension ImageDecoder {
    /// The upright size of a photo (EXIF orientation applied), read from its header alone.
    public static func dimensions(of bytes: [UInt8], limits: DecodeLimits = .uploads) throws -> (
        width: Int, height: Int
    ) {
        if bytes.isEmpty { throw ImagingError.unreadableImage(reason: "the file is empty") }
        guard ImageFormat.sniff(bytes) != nil else { throw ImagingError.unsupportedFormat }
        try VipsRuntime.ensureStarted()
        let header = try PhotoHeader.read(bytes, limits: limits)
        return (header.width, header.height)
    }
}
