import CVipsShim
import Foundation

/// Size limits applied before any pixel is decoded.
public struct DecodeLimits: Sendable {
    public var maxFileBytes: Int
    public var maxPixels: Int

    /// 25 MB and 50 megapixels: far above any phone photo, far below what would exhaust memory.
    public static let uploads = DecodeLimits(maxFileBytes: 25 * 1024 * 1024, maxPixels: 50_000_000)

    public init(maxFileBytes: Int, maxPixels: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxPixels = maxPixels
    }
}

/// A photo decoded for analysis: upright (EXIF orientation applied), in sRGB (converted from its
/// embedded ICC profile) and shrunk to a working size.
public struct DecodedPhoto: Sendable {
    public let format: ImageFormat
    /// Upright size of the original photo, in pixels.
    public let originalWidth: Int
    public let originalHeight: Int
    /// What the photo's embedded ICC profile was, and so how its pixels became sRGB.
    public let profile: EmbeddedProfile
    /// The working image, at most `maxSide` on its longer side, in sRGB.
    public let image: RGBImage

    /// Working pixels per original pixel (≤ 1).
    public var scale: Double { Double(image.width) / Double(originalWidth) }
}

/// Turns untrusted bytes into sRGB pixels, safely: format sniffed from the bytes, limits checked on
/// the header before decoding, shrink-on-load (a 12 MP JPEG is decoded at 1/4 or 1/8 scale by
/// libjpeg itself), colours converted from the embedded ICC profile, truncation treated as an
/// error rather than grey-filled.
public enum ImageDecoder {
    /// libvips loader options: fail on truncated data instead of padding the picture with grey.
    static let strictLoading = "fail_on=truncated"

    public static func decode(fileAt path: String, maxSide: Int, limits: DecodeLimits = .uploads) throws -> DecodedPhoto
    {
        try decode(bytes: readFile(atPath: path, limits: limits), maxSide: maxSide, limits: limits)
    }

    /// Reads a photo file, refusing an oversized one from its metadata before reading its bytes.
    public static func readFile(atPath path: String, limits: DecodeLimits = .uploads) throws -> [UInt8] {
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ImagingError.unreadableImage(reason: "the file could not be opened")
        }
        if size > limits.maxFileBytes { throw tooManyBytes(size, limits) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImagingError.unreadableImage(reason: "the file could not be read")
        }
        return [UInt8](data)
    }

    /// `quickerBelow`: a JPEG may come out smaller than `maxSide`, down to this share of it, when
    /// that lets libjpeg decode at 1/2, 1/4 or 1/8 scale (libvips' thumbnail does that only for a
    /// shrink of 4 or more): a 12 MP photo stored at 2048 px costs a full decode, at 2000 px a
    /// quarter of one.
    public static func decode(
        bytes: [UInt8], maxSide: Int, limits: DecodeLimits = .uploads, quickerBelow: Double? = nil
    )
        throws -> DecodedPhoto
    {
        if bytes.count > limits.maxFileBytes { throw tooManyBytes(bytes.count, limits) }
        if bytes.isEmpty { throw ImagingError.unreadableImage(reason: "the file is empty") }
        guard let format = ImageFormat.sniff(bytes) else { throw ImagingError.unsupportedFormat }
        try VipsRuntime.ensureStarted()

        let header = try PhotoHeader.read(bytes, limits: limits)
        if format == .jpeg, let share = quickerBelow, ColourManagement.route(for: header) == .asSRGB,
            let shrink = jpegShrink(longerSide: max(header.width, header.height), maxSide: maxSide, share: share)
        {
            let image = try bytes.withUnsafeBytes { raw in
                try rgbPixels(of: ColourManagement.loadJPEG(raw, shrink: shrink, maxSide: maxSide))
            }
            return DecodedPhoto(
                format: format, originalWidth: header.width, originalHeight: header.height, profile: header.profile,
                image: image)
        }
        let (image, profile) = try srgbPixels(of: bytes, maxSide: maxSide, header: header)
        return DecodedPhoto(
            format: format, originalWidth: header.width, originalHeight: header.height, profile: profile, image: image)
    }

    /// The largest JPEG decoding scale (2, 4 or 8) that keeps the longer side at least `share` of
    /// `maxSide`; nil when the photo is small enough that it would not help.
    static func jpegShrink(longerSide: Int, maxSide: Int, share: Double) -> Int? {
        [8, 4, 2].first { Double(longerSide) / Double($0) >= share * Double(maxSide) }
    }

    /// Decodes bytes upright as 8-bit sRGB, at most `maxSide` on the longer side, converting from
    /// the embedded ICC profile by the route `ColourManagement` picks (docs/analysis.md#colour).
    static func srgbPixels(of bytes: [UInt8], maxSide: Int, header: PhotoHeader) throws -> (
        image: RGBImage, profile: EmbeddedProfile
    ) {
        // libvips reads from the caller's buffer without copying it, so the pixels are taken
        // before the buffer goes out of scope.
        try bytes.withUnsafeBytes { raw throws -> (RGBImage, EmbeddedProfile) in
            let route = ColourManagement.route(for: header)
            if route != .asSRGB {
                do {
                    return (try rgbPixels(of: ColourManagement.load(raw, maxSide: maxSide, route: route)), .applied)
                } catch {
                    // lcms parsed the profile but could not apply it: the photo is read as sRGB,
                    // as with a profile it cannot parse. A damaged file fails again below.
                    VipsRuntime.clearError()
                }
            }
            let image = try rgbPixels(of: ColourManagement.load(raw, maxSide: maxSide, route: .asSRGB))
            return (image, header.profile == .none ? .none : route == .asSRGB ? header.profile : .ignored)
        }
    }

    /// Flattens alpha onto white, converts to 8-bit sRGB and copies the pixels out. Decoding
    /// happens here (libvips is lazy), so corrupt data surfaces as `unreadableImage`. The
    /// conversion to sRGB only changes how grey, 16-bit or CMYK pixels are laid out: an image
    /// decoded through `ColourManagement` is already in sRGB.
    static func rgbPixels(of image: VipsImage) throws -> RGBImage {
        do {
            var current = image
            if current.hasAlpha { current = try current.map("flatten") { inflio_vips_flatten($0, 255, 255, 255) } }
            current = try current.map("colourspace") { inflio_vips_to_srgb($0) }
            current = try current.map("cast") { inflio_vips_cast_uchar($0) }
            if current.bands > 3 { current = try current.map("bands") { inflio_vips_extract_bands($0, 0, 3) } }
            var length = 0
            let buffer = inflio_vips_pixels(current.pointer, &length)
            let pixels = try VipsImage.takeBuffer(buffer, length: length, "decode pixels")
            return RGBImage(width: current.width, height: current.height, pixels: pixels)
        } catch ImagingError.operationFailed(let detail) {
            throw ImagingError.unreadableImage(reason: detail)
        }
    }

    static func tooManyBytes(_ count: Int, _ limits: DecodeLimits) -> ImagingError {
        func mb(_ n: Int) -> String { String(format: "%.1f MB", Double(n) / 1_048_576) }
        return .imageTooLarge(reason: "\(mb(count)); the limit is \(mb(limits.maxFileBytes))")
    }
}
