import CVipsShim

/// A full-resolution picture to transform and re-encode: the degraded variants tests make, the
/// benchmark's large photos, and stored copies stripped of metadata. Each operation returns a new
/// image; libvips evaluates the chain only when it is encoded.
public struct EditableImage: Sendable {
    let vips: VipsImage

    public var width: Int { vips.width }
    public var height: Int { vips.height }

    /// Decodes trusted or already-vetted bytes at full size, upright, as 8-bit sRGB.
    public init(bytes: [UInt8]) throws {
        guard ImageFormat.sniff(bytes) != nil else { throw ImagingError.unsupportedFormat }
        try VipsRuntime.ensureStarted()
        // libvips reads from the caller's buffer without copying it, so the pixels are taken
        // before the buffer goes out of scope.
        let rgb = try bytes.withUnsafeBytes { raw throws -> RGBImage in
            let loaded = try VipsImage.checked(
                inflio_vips_thumbnail(raw.baseAddress, raw.count, 100_000, 100_000, 1, ImageDecoder.strictLoading),
                "load")
            return try ImageDecoder.rgbPixels(of: loaded)
        }
        self.init(rgb)
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

    /// Writes a JPEG. With `exifOrientation`, the file carries that EXIF orientation tag (and
    /// keeps its metadata); otherwise all metadata is stripped.
    public func jpeg(quality: Int = 90, exifOrientation: Int? = nil) throws -> [UInt8] {
        var source = vips
        if let exifOrientation {
            source = try vips.map("orientation") { inflio_vips_with_orientation($0, Int32(exifOrientation)) }
        }
        var length = 0
        let buffer = inflio_vips_jpeg(source.pointer, Int32(quality), exifOrientation == nil ? 1 : 0, &length)
        return try VipsImage.takeBuffer(buffer, length: length, "jpeg encode")
    }

    public func png() throws -> [UInt8] {
        var length = 0
        let buffer = inflio_vips_png(vips.pointer, &length)
        return try VipsImage.takeBuffer(buffer, length: length, "png encode")
    }

    public func rgb() throws -> RGBImage {
        try ImageDecoder.rgbPixels(of: vips)
    }
}
