import CVipsShim

/// Full-size 8-bit passes done in C on the pixels themselves: libvips runs here without its SIMD
/// code (`VipsRuntime` turns it off), and its plain-C paths for shrinking, blending, adding and
/// small blurs cost several times more than one loop over the bytes (a 626×1200 photo averaged to
/// 256×256: 26 ms against about 2). Each returns nil for a picture that is not 8-bit, and the caller
/// falls back to libvips.
extension EditableImage {
    /// Whether every band is an unsigned byte (what decoding, casts and the C passes give).
    var isBytes: Bool { inflio_vips_is_uchar(vips.pointer) != 0 }

    /// The interleaved bytes, computed once (a lazy pipeline runs here) and freed after `body`.
    func withBandBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        var length = 0
        guard let buffer = inflio_vips_pixels(vips.pointer, &length) else {
            throw ImagingError.operationFailed("pixels: \(VipsRuntime.takeError())")
        }
        defer { inflio_vips_free(buffer) }
        return try body(UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: length))
    }

    /// The bytes of this picture and two others at once (a pass with a mask or weights).
    func withBandBytes<T>(
        _ second: EditableImage, _ third: EditableImage,
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> T
    ) throws -> T {
        try withBandBytes { a in try second.withBandBytes { b in try third.withBandBytes { c in try body(a, b, c) } } }
    }

    /// A new 8-bit picture of this one's bands and colour space whose bytes `fill` writes (no
    /// copy is made of them).
    func filled(width: Int, height: Int, _ fill: (UnsafeMutablePointer<UInt8>) throws -> Void) throws
        -> EditableImage
    {
        var pixels: UnsafeMutablePointer<UInt8>?
        let image = try VipsImage.checked(
            inflio_vips_new_bytes(Int32(width), Int32(height), Int32(vips.bands), vips.pointer, &pixels),
            "new picture")
        guard let pixels else { throw ImagingError.operationFailed("new picture: out of memory") }
        try fill(pixels)
        return EditableImage(image)
    }

    /// Box-averaged to width × height (see `averaged`); nil when the picture does not fit the pass.
    func averagedBytes(toWidth width: Int, height: Int) throws -> EditableImage? {
        let bands = vips.bands
        guard isBytes, (1...4).contains(bands) else { return nil }
        return try withBandBytes { pixels in
            try filled(width: width, height: height) { out in
                let status = inflio_average_bytes(
                    pixels.baseAddress, Int32(self.width), Int32(bands), 0, 0, Int32(self.width), Int32(self.height),
                    Int32(width), Int32(height), out)
                guard status == 0 else { throw ImagingError.operationFailed("average: out of memory") }
            }
        }
    }

    /// `self + other` clipped at 255 (see `adding`); nil when the pictures do not fit the pass.
    func addedBytes(_ other: EditableImage) throws -> EditableImage? {
        guard fitsBytePass(other) else { return nil }
        return try withBandBytes { a in
            try other.withBandBytes { b in
                try filled(width: width, height: height) { out in
                    inflio_add_bytes(a.baseAddress, b.baseAddress, a.count, out)
                }
            }
        }
    }

    /// `self` over `base` through a one-band `mask` (see `blended`); nil when they do not fit.
    func blendedBytes(over base: EditableImage, mask: EditableImage) throws -> EditableImage? {
        guard fitsBytePass(base), fitsAsMask(mask) else { return nil }
        return try withBandBytes(base, mask) { a, b, m in
            try filled(width: width, height: height) { out in
                inflio_blend_bytes(a.baseAddress, b.baseAddress, m.baseAddress, m.count, Int32(vips.bands), out)
            }
        }
    }

    /// `addingReflected` in C; nil when the pictures do not fit the pass.
    func addedReflectedBytes(_ light: EditableImage, mask: EditableImage, floor: Double) throws -> EditableImage? {
        guard vips.bands == 3, fitsBytePass(light), fitsAsMask(mask) else { return nil }
        return try withBandBytes(light, mask) { p, l, m in
            try filled(width: width, height: height) { out in
                inflio_add_reflected(p.baseAddress, l.baseAddress, m.baseAddress, m.count, Float(floor), out)
            }
        }
    }

    /// `weightedBlur` in C; nil when the pictures do not fit the pass.
    func weightedBlurBytes(weights: EditableImage, sigma: Double, fallback: EditableImage, floor: Double) throws
        -> EditableImage?
    {
        guard fitsBytePass(fallback), fitsAsMask(weights) else { return nil }
        return try withBandBytes(weights, fallback) { image, w, f in
            try filled(width: width, height: height) { out in
                let status = inflio_weighted_blur(
                    image.baseAddress, w.baseAddress, f.baseAddress, Int32(width), Int32(height), Int32(vips.bands),
                    Float(sigma), Float(floor), out)
                guard status == 0 else { throw ImagingError.operationFailed("weighted blur: out of memory") }
            }
        }
    }

    /// Both 8-bit, of the same size and bands (1–4).
    private func fitsBytePass(_ other: EditableImage) -> Bool {
        isBytes && other.isBytes && vips.bands == other.vips.bands && (1...4).contains(vips.bands)
            && other.width == width && other.height == height
    }

    /// One 8-bit band of this picture's size: a mask or weights.
    private func fitsAsMask(_ mask: EditableImage) -> Bool {
        mask.isBytes && mask.vips.bands == 1 && mask.width == width && mask.height == height
    }
}
