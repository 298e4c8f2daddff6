import CVipsShim

/// What a photo's header tells before any pixel is decoded: its upright size, its sample depth
/// and its embedded ICC profile.
struct PhotoHeader {
    /// Upright size (EXIF orientation applied).
    let width: Int
    let height: Int
    let bitsPerSample: Int
    let isCMYK: Bool
    let profile: EmbeddedProfile

    /// Reads the header only. With `limits`, a picture over their megapixels is refused here.
    /// The longest side may be this many times the shortest: a panorama passes, a sliver does not.
    static let maxAspectRatio = 20

    static func read(_ bytes: [UInt8], limits: DecodeLimits?) throws -> PhotoHeader {
        // The header image borrows the buffer, so everything is read from it inside the closure.
        let header = try bytes.withUnsafeBytes { raw throws -> PhotoHeader in
            guard let pointer = inflio_vips_load_header(raw.baseAddress, raw.count, ImageDecoder.strictLoading) else {
                throw ImagingError.unreadableImage(reason: VipsRuntime.takeError())
            }
            let image = VipsImage(pointer)
            let profile: EmbeddedProfile =
                inflio_vips_has_icc_profile(image.pointer) == 0
                ? .none : inflio_vips_icc_profile_fits(image.pointer) != 0 ? .applied : .ignored
            // EXIF orientations 5–8 turn the picture a quarter, swapping its sides.
            let turned = (5...8).contains(Int(inflio_vips_orientation(image.pointer)))
            return PhotoHeader(
                width: turned ? image.height : image.width, height: turned ? image.width : image.height,
                bitsPerSample: Int(inflio_vips_bits_per_sample(image.pointer)),
                isCMYK: inflio_vips_is_cmyk(image.pointer) != 0, profile: profile)
        }
        // Checking the profile may have left a warning in libvips' error text.
        VipsRuntime.clearError()
        // A sliver is no photo, and shrunk to a working size it would be under a pixel wide:
        // libvips 8.14 then stops the process on an assertion ("bad dimensions"; `make fuzz` found
        // a 64-byte JPEG claiming 6×4096 pixels). So such a shape is refused from the header.
        let (shorter, longer) = (min(header.width, header.height), max(header.width, header.height))
        if shorter < 1 || longer > shorter * Self.maxAspectRatio {
            throw ImagingError.unreadableImage(
                reason: "\(header.width)×\(header.height) pixels is no photo's shape; at most \(Self.maxAspectRatio):1")
        }
        if let limits, header.width * header.height > limits.maxPixels {
            throw ImagingError.imageTooLarge(
                reason:
                    "\(header.width)×\(header.height) pixels; the limit is \(limits.maxPixels / 1_000_000) megapixels")
        }
        return header
    }
}
