import CVipsShim

/// Text and flat colour for designs: titles are set by Pango (through libvips) as coverage masks,
/// then blended in a colour over the picture, so the renderer knows exactly which pixels are text.
extension EditableImage {
    /// Where lines of a text block sit against the block's width.
    public enum TextAlignment: Int32, Sendable {
        case left = 0
        case centre = 1
        case right = 2
    }

    /// `text` (plain, escaped here) in `font`, a Pango description such as "DejaVu Sans Bold 48",
    /// wrapped at `width` pixels (words first, characters inside a word too long for a line), as
    /// a one-band 8-bit coverage mask as tall as the lines need. Fontconfig falls back per
    /// character, so scripts the font lacks come from another installed font.
    public static func textMask(
        _ text: String, font: String, width: Int, alignment: TextAlignment = .left, lineSpacing: Int = 0
    ) throws -> EditableImage {
        try VipsRuntime.ensureStarted()
        let markup = pangoEscaped(text)
        let pointer = inflio_vips_text(markup, font, Int32(width), 0, alignment.rawValue, Int32(lineSpacing), nil)
        return EditableImage(try VipsImage.checked(pointer, "text"))
    }

    /// A `width` × `height` picture of one sRGB colour (0–255 per channel).
    public static func solid(width: Int, height: Int, red: Double, green: Double, blue: Double) throws
        -> EditableImage
    {
        try VipsRuntime.ensureStarted()
        return EditableImage(
            try VipsImage.checked(inflio_vips_solid(Int32(width), Int32(height), red, green, blue), "solid"))
    }

    /// The first band's 8-bit values, row by row (a mask's coverage).
    public func greyBytes() throws -> [UInt8] {
        var current = try vips.map("cast") { inflio_vips_cast_uchar($0) }
        if current.bands > 1 { current = try current.map("band") { inflio_vips_extract_bands($0, 0, 1) } }
        var length = 0
        let buffer = inflio_vips_pixels(current.pointer, &length)
        return try VipsImage.takeBuffer(buffer, length: length, "mask pixels")
    }

    /// Lossy WebP without metadata.
    public func webp(quality: Int = 90) throws -> [UInt8] {
        var length = 0
        let buffer = inflio_vips_webp(vips.pointer, Int32(quality), 1, &length)
        return try VipsImage.takeBuffer(buffer, length: length, "webp")
    }

    /// Pango markup treats `<` and `&` as syntax; a title is shown as typed.
    static func pangoEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension EditableImage {
    /// `count` bands from `first` (a mask from a picture's alpha, say).
    public func extractingBands(first: Int, count: Int) throws -> EditableImage {
        EditableImage(try vips.map("bands") { inflio_vips_extract_bands($0, Int32(first), Int32(count)) })
    }

    /// A stored logo (a PNG, transparent or not) scaled to fit `width` × `height`, as its colour
    /// and its coverage (255 where opaque), ready to blend over a design.
    public static func logoLayers(png: [UInt8], fitting width: Int, height: Int) throws -> (
        colour: EditableImage, coverage: EditableImage
    ) {
        try VipsRuntime.ensureStarted()
        return try png.withUnsafeBytes { raw in
            let loaded = try VipsImage.checked(
                inflio_vips_thumbnail(
                    raw.baseAddress, raw.count, Int32(width), Int32(height), 0, ImageDecoder.strictLoading, nil,
                    ColourManagement.intent.rawValue), "logo")
            var image = try loaded.map("colourspace") { inflio_vips_to_srgb($0) }
            image = try image.map("cast") { inflio_vips_cast_uchar($0) }
            // Computed here, inside the buffer's lifetime (libvips reads it lazily).
            image = try image.map("copy to memory") { inflio_vips_copy_memory($0) }
            let picture = EditableImage(image)
            if image.hasAlpha && image.bands == 4 {
                return (
                    try picture.extractingBands(first: 0, count: 3), try picture.extractingBands(first: 3, count: 1)
                )
            }
            let colour = image.bands >= 3 ? try picture.extractingBands(first: 0, count: 3) : picture
            let opaque = try solid(width: picture.width, height: picture.height, red: 255, green: 0, blue: 0)
                .extractingBands(first: 0, count: 1)
            return (colour, opaque)
        }
    }
}
