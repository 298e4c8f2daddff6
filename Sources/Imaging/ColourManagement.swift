import CVipsShim

/// A photo's embedded ICC profile, as decoding found it.
public enum EmbeddedProfile: String, Sendable {
    /// No profile: the pixels are taken as sRGB (the web's default), or as libvips' built-in CMYK
    /// profile for a CMYK JPEG.
    case none
    /// The profile was read and the pixels converted from it to sRGB.
    case applied
    /// A profile was there but could not be used (lcms cannot parse it, it does not fit the
    /// image's channels, or applying it failed): the photo is read as if it had none.
    case ignored
}

/// How an ICC profile maps colours the destination cannot show (libvips' VipsIntent values).
public enum RenderingIntent: Int32, Sendable {
    case perceptual = 0
    case relativeColorimetric = 1
    case saturation = 2
    case absoluteColorimetric = 3
}

/// Every pixel the product reads becomes sRGB here, from the photo's embedded ICC profile
/// (docs/analysis.md#colour).
enum ColourManagement {
    /// libvips' built-in sRGB profile (IEC 61966-2.1): the space of every decoded, stored and
    /// generated image.
    static let workingProfile = "srgb"

    /// Relative colorimetric: colours sRGB can show (skin, nearly all of a photo) keep their exact
    /// appearance; the rare wide-gamut colours beyond it are clipped to its edge. It is what web
    /// browsers do with the matrix profiles phones and cameras embed, and what libvips uses for
    /// CMYK.
    static let intent = RenderingIntent.relativeColorimetric

    /// How a photo's pixels reach sRGB.
    enum Route: Equatable {
        /// No usable profile (the pixels already are sRGB, or are taken to be), or CMYK, which
        /// libvips converts itself with the embedded profile or its built-in CMYK profile.
        case asSRGB
        /// Shrink on load, then transform the small image from the embedded profile: the cheap
        /// route for 8-bit photos, where the order costs nothing.
        case transformAfterShrink
        /// Transform the full 16-bit image into 8-bit sRGB, then shrink: libvips' shrink would
        /// otherwise reduce the samples to 8 bits in the source space first.
        case transformBeforeShrink
    }

    static func route(for header: PhotoHeader) -> Route {
        guard header.profile == .applied, !header.isCMYK else { return .asSRGB }
        return header.bitsPerSample > 8 ? .transformBeforeShrink : .transformAfterShrink
    }

    /// A JPEG read as sRGB (route `.asSRGB` only) by libjpeg at 1/`shrink` scale, then turned
    /// upright and, if still larger, reduced to `maxSide`.
    static func loadJPEG(_ raw: UnsafeRawBufferPointer, shrink: Int, maxSide: Int) throws -> VipsImage {
        guard
            let scaled = inflio_vips_load_header(
                raw.baseAddress, raw.count, "\(ImageDecoder.strictLoading),shrink=\(shrink)")
        else { throw ImagingError.unreadableImage(reason: VipsRuntime.takeError()) }
        let side = Int32(maxSide)
        return try VipsImage(scaled).map("thumbnail") { inflio_vips_thumbnail_image($0, side, side, 1) }
    }

    /// Decodes upright at most `maxSide` on the longer side (never enlarged), by `route`. The
    /// result is lazy: its pixels, and so any decoding error, come when they are read.
    static func load(_ raw: UnsafeRawBufferPointer, maxSide: Int, route: Route) throws -> VipsImage {
        let side = Int32(maxSide)
        let loaded: OpaquePointer?
        switch route {
        case .asSRGB:
            loaded = inflio_vips_thumbnail(
                raw.baseAddress, raw.count, side, side, 1, ImageDecoder.strictLoading, nil, intent.rawValue)
        case .transformAfterShrink:
            loaded = inflio_vips_thumbnail(
                raw.baseAddress, raw.count, side, side, 1, ImageDecoder.strictLoading, workingProfile, intent.rawValue)
        case .transformBeforeShrink:
            guard let full = inflio_vips_load_header(raw.baseAddress, raw.count, ImageDecoder.strictLoading) else {
                throw ImagingError.unreadableImage(reason: VipsRuntime.takeError())
            }
            let srgb = try VipsImage(full).map("icc transform") {
                inflio_vips_icc_transform($0, workingProfile, nil, 1, intent.rawValue, 8)
            }
            loaded = inflio_vips_thumbnail_image(srgb.pointer, side, side, 1)
        }
        guard let loaded else { throw ImagingError.unreadableImage(reason: VipsRuntime.takeError()) }
        return VipsImage(loaded)
    }
}
