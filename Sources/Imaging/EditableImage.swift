import CVipsShim

/// A full-resolution picture to transform and re-encode: the degraded variants tests make, the
/// benchmark's large photos, and stored copies stripped of metadata. Each operation returns a new
/// image; libvips evaluates the chain only when it is encoded.
public struct EditableImage: Sendable {
    let vips: VipsImage

    public var width: Int { vips.width }
    public var height: Int { vips.height }

    /// Decodes trusted or already-vetted bytes at full size, upright, as 8-bit sRGB (converted
    /// from the embedded ICC profile, as `ImageDecoder` does).
    public init(bytes: [UInt8]) throws {
        try self.init(bytes: bytes, maxSide: 100_000)
    }

    public init(_ image: RGBImage) {
        try! VipsRuntime.ensureStarted()
        let pointer = image.pixels.withUnsafeBytes { raw in
            inflio_vips_from_pixels(raw.baseAddress, raw.count, Int32(image.width), Int32(image.height), 3)
        }
        vips = VipsImage(pointer!)
    }

    init(_ vips: VipsImage) { self.vips = vips }

    public func resized(by scale: Double) throws -> EditableImage {
        EditableImage(try vips.map("resize") { inflio_vips_resize($0, scale) })
    }

    /// Gaussian blur; sigma in pixels.
    public func blurred(sigma: Double) throws -> EditableImage {
        EditableImage(try vips.map("blur") { inflio_vips_gaussblur($0, sigma) })
    }

    /// Every channel becomes `value × multiply + add`, clipped to 0–255.
    public func adjusted(multiply: Double, add: Double) throws -> EditableImage {
        EditableImage(try vips.map("linear") { inflio_vips_linear($0, multiply, add) })
    }

    /// Places the image at (x, y) on a canvas of the given size and colour.
    public func placed(
        onCanvasWidth width: Int, height: Int, x: Int, y: Int, red: Double = 128, green: Double = 128,
        blue: Double = 128
    ) throws -> EditableImage {
        EditableImage(
            try vips.map("embed") {
                inflio_vips_embed($0, Int32(x), Int32(y), Int32(width), Int32(height), red, green, blue)
            })
    }

    /// `patch` (same bands, 8-bit) laid over this picture with its top-left corner at (x, y):
    /// only the patch's pixels are touched, where a blend with a mask computes the whole picture.
    public func inserting(_ patch: EditableImage, x: Int, y: Int) throws -> EditableImage {
        EditableImage(try vips.map("insert") { inflio_vips_insert($0, patch.vips.pointer, Int32(x), Int32(y)) })
    }

    public func cropped(left: Int, top: Int, width: Int, height: Int) throws -> EditableImage {
        EditableImage(
            try vips.map("crop") { inflio_vips_crop($0, Int32(left), Int32(top), Int32(width), Int32(height)) })
    }

    /// Rotates by any angle (counter-clockwise positive as libvips has it), filling the corners.
    public func rotated(degrees: Double) throws -> EditableImage {
        EditableImage(try vips.map("rotate") { inflio_vips_rotate($0, degrees, 128, 128, 128) })
    }

    /// Rotates clockwise by whole quarter turns, losslessly.
    public func rotated(quarterTurns: Int) throws -> EditableImage {
        EditableImage(try vips.map("rot") { inflio_vips_rot90($0, Int32(quarterTurns)) })
    }

    /// Writes a JPEG of sRGB pixels with no metadata at all (no EXIF, GPS, XMP or ICC profile):
    /// untagged, which every viewer shows as sRGB. With `exifOrientation`, the file carries that
    /// EXIF orientation tag; with `embeddingProfile` (test fixtures), the profile the picture was
    /// given by `encoded(in:)` or `tagged(with:)`. Either keeps the picture's metadata.
    public func jpeg(quality: Int = 90, exifOrientation: Int? = nil, embeddingProfile: Bool = false) throws -> [UInt8] {
        var source = vips
        if let exifOrientation {
            source = try vips.map("orientation") { inflio_vips_with_orientation($0, Int32(exifOrientation)) }
        }
        let strip: Int32 = exifOrientation == nil && !embeddingProfile ? 1 : 0
        var length = 0
        let buffer = inflio_vips_jpeg(source.pointer, Int32(quality), strip, &length)
        return try VipsImage.takeBuffer(buffer, length: length, "jpeg encode")
    }

    /// Writes a PNG with no metadata (untagged sRGB), or, with `embeddingProfile` (test
    /// fixtures), with the picture's profile. A 16-bit picture (`encoded(in:depth: 16)`) is
    /// written with 16-bit samples. `compression` is zlib's level: `.fast` for a picture made
    /// while someone waits (a 1280×720 design in about a quarter of the time, 2 % larger).
    public func png(embeddingProfile: Bool = false, compression: PNGCompression = .small) throws -> [UInt8] {
        var length = 0
        let buffer = inflio_vips_png(
            vips.pointer, embeddingProfile ? 0 : 1, Int32(compression.rawValue), &length)
        return try VipsImage.takeBuffer(buffer, length: length, "png encode")
    }

    /// Writes a HEIC (HEVC), as phones do: with no metadata, or, with `embeddingProfile` (test
    /// fixtures), with the picture's profile.
    public func heic(quality: Int = 85, embeddingProfile: Bool = false) throws -> [UInt8] {
        var length = 0
        let buffer = inflio_vips_heic(vips.pointer, Int32(quality), embeddingProfile ? 0 : 1, &length)
        return try VipsImage.takeBuffer(buffer, length: length, "heic encode")
    }

    public func rgb() throws -> RGBImage {
        try ImageDecoder.rgbPixels(of: vips)
    }
}
