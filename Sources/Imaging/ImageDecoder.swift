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

/// A photo decoded for analysis: upright (EXIF orientation applied) and shrunk to a working size.
public struct DecodedPhoto: Sendable {
    public let format: ImageFormat
    /// Upright size of the original photo, in pixels.
    public let originalWidth: Int
    public let originalHeight: Int
    /// The working image, at most `maxSide` on its longer side.
    public let image: RGBImage

    /// Working pixels per original pixel (≤ 1).
    public var scale: Double { Double(image.width) / Double(originalWidth) }
}

/// Turns untrusted bytes into pixels, safely: format sniffed from the bytes, limits checked on the
/// header before decoding, shrink-on-load (a 12 MP JPEG is decoded at 1/4 or 1/8 scale by libjpeg
/// itself), truncation treated as an error rather than grey-filled.
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

    public static func decode(bytes: [UInt8], maxSide: Int, limits: DecodeLimits = .uploads) throws -> DecodedPhoto {
        if bytes.count > limits.maxFileBytes { throw tooManyBytes(bytes.count, limits) }
        if bytes.isEmpty { throw ImagingError.unreadableImage(reason: "the file is empty") }
        guard let format = ImageFormat.sniff(bytes) else { throw ImagingError.unsupportedFormat }
        try VipsRuntime.ensureStarted()

        let (width, height) = try uprightSize(of: bytes, limits: limits)
        let image = try bytes.withUnsafeBytes { raw throws -> RGBImage in
            guard
                let shrunk = inflio_vips_thumbnail(
                    raw.baseAddress, raw.count, Int32(maxSide), Int32(maxSide), 1, strictLoading)
            else {
                throw ImagingError.unreadableImage(reason: VipsRuntime.takeError())
            }
            return try rgbPixels(of: VipsImage(shrunk))
        }
        return DecodedPhoto(format: format, originalWidth: width, originalHeight: height, image: image)
    }

    /// Reads only the header: dimensions and orientation, no pixels.
    static func uprightSize(of bytes: [UInt8], limits: DecodeLimits) throws -> (Int, Int) {
        // The header image borrows the buffer, so everything is read from it inside the closure.
        let (width, height, orientation) = try bytes.withUnsafeBytes { raw throws -> (Int, Int, Int32) in
            guard let pointer = inflio_vips_load_header(raw.baseAddress, raw.count, strictLoading) else {
                throw ImagingError.unreadableImage(reason: VipsRuntime.takeError())
            }
            let header = VipsImage(pointer)
            return (header.width, header.height, inflio_vips_orientation(header.pointer))
        }
        let pixels = width * height
        if pixels > limits.maxPixels {
            throw ImagingError.imageTooLarge(
                reason: "\(width)×\(height) pixels; the limit is \(limits.maxPixels / 1_000_000) megapixels")
        }
        // EXIF orientations 5–8 turn the picture a quarter, swapping its sides.
        return (5...8).contains(Int(orientation)) ? (height, width) : (width, height)
    }

    /// Flattens alpha onto white, converts to 8-bit sRGB and copies the pixels out. Decoding
    /// happens here (libvips is lazy), so corrupt data surfaces as `unreadableImage`.
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
