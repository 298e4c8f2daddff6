import CVipsShim

/// The operations a renderer composes pictures with: warps, per-band grades, masks and blends.
/// Every result is 8-bit again, so chains stay in one format (libvips widens sums and products)
/// and values clip at 0 and 255 like a photo does. Nothing is computed until the result is encoded.
extension EditableImage {
    public var bandCount: Int { vips.bands }

    /// A one-band 8-bit picture (a mask or a weight map), row by row.
    public init(greyWidth width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "one byte per pixel")
        try! VipsRuntime.ensureStarted()
        let pointer = pixels.withUnsafeBytes { raw in
            inflio_vips_from_pixels(raw.baseAddress, raw.count, Int32(width), Int32(height), 1)
        }
        self.init(VipsImage(pointer!))
    }

    /// A four-band 8-bit picture (red, green, blue, alpha), row by row: a logo with its transparency.
    public init(rgbaWidth width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 4, "four bytes per pixel")
        try! VipsRuntime.ensureStarted()
        let pointer = pixels.withUnsafeBytes { raw in
            inflio_vips_from_pixels(raw.baseAddress, raw.count, Int32(width), Int32(height), 4)
        }
        self.init(VipsImage(pointer!))
    }

    /// Computes the picture now and keeps its pixels. libvips recomputes a lazy picture for every
    /// region a later step asks for, so a picture read by several steps, or through a blur (which
    /// asks for overlapping regions), should be materialised once first.
    public func materialized() throws -> EditableImage {
        EditableImage(try vips.map("copy to memory") { inflio_vips_copy_memory($0) })
    }

    /// Warps the picture onto a width × height canvas, bicubic; what the picture does not cover
    /// is black.
    public func warped(by transform: AffineMap, width: Int, height: Int) throws -> EditableImage {
        let t = transform
        let warped = try vips.map("affine") {
            inflio_vips_affine($0, t.a, t.b, t.c, t.d, t.tx, t.ty, Int32(width), Int32(height))
        }
        return EditableImage(try warped.map("cast") { inflio_vips_cast_uchar($0) })
    }

    /// `warped(by:width:height:)`, with the picture's edge pixels repeated outwards instead of
    /// black where the canvas reaches past it (`margin` source pixels of them, enough to cover the
    /// canvas): what lies beyond reads as the edge continued.
    public func warpedExtendingEdges(by transform: AffineMap, width: Int, height: Int, margin: Int) throws
        -> EditableImage
    {
        let m = Double(margin)
        let extended = try vips.map("embed") {
            inflio_vips_embed_copy(
                $0, Int32(margin), Int32(margin), Int32(self.width + 2 * margin),
                Int32(self.height + 2 * margin))
        }
        var shifted = transform
        shifted.tx -= (transform.a + transform.b) * m
        shifted.ty -= (transform.c + transform.d) * m
        return try EditableImage(extended).warped(by: shifted, width: width, height: height)
    }

    /// Resizes to exactly width × height (the sides scale independently).
    public func resized(toWidth width: Int, height: Int) throws -> EditableImage {
        try exactly(
            width, height,
            try vips.map("resize") {
                inflio_vips_resize_xy($0, Double(width) / Double(self.width), Double(height) / Double(self.height))
            })
    }

    /// Enlarges to exactly width × height with bilinear interpolation: for smooth pictures (masks,
    /// light maps, gradients), where a sharper kernel only costs time.
    public func enlarged(toWidth width: Int, height: Int) throws -> EditableImage {
        EditableImage(try vips.map("enlarge") { inflio_vips_enlarge_bilinear($0, Int32(width), Int32(height)) })
    }

    /// libvips rounds output sizes; repeat the edge or trim the odd pixel (any number of bands).
    private func exactly(_ width: Int, _ height: Int, _ image: VipsImage) throws -> EditableImage {
        guard image.width != width || image.height != height else { return EditableImage(image) }
        let padded = try image.map("embed") {
            inflio_vips_embed_copy($0, 0, 0, Int32(max(width, image.width)), Int32(max(height, image.height)))
        }
        return EditableImage(try padded.map("crop") { inflio_vips_crop($0, 0, 0, Int32(width), Int32(height)) })
    }

    /// Shrinks to exactly width × height by averaging blocks of pixels: cheaper than `resized`
    /// and as good for pictures that are only measured or blurred afterwards. An 8-bit picture is
    /// averaged in C over whole-pixel blocks (`EditableImage+Bytes`).
    public func averaged(toWidth width: Int, height: Int) throws -> EditableImage {
        precondition(width <= self.width && height <= self.height, "averaging only shrinks")
        if let averaged = try averagedBytes(toWidth: width, height: height) { return averaged }
        return try averagedByLibvips(toWidth: width, height: height)
    }

    /// libvips' shrink: for a picture the C pass does not take (not 8-bit), and as its reference.
    func averagedByLibvips(toWidth width: Int, height: Int) throws -> EditableImage {
        try exactly(
            width, height,
            try vips.map("shrink") {
                inflio_vips_shrink($0, Double(self.width) / Double(width), Double(self.height) / Double(height))
            })
    }

    /// Each band i becomes `value × multiply[i] + add[i]` (one value applies to every band).
    public func adjusted(multiply: [Double], add: [Double]) throws -> EditableImage {
        precondition(multiply.count == add.count, "one multiplier per offset")
        return EditableImage(
            try vips.map("linear") { pointer in
                multiply.withUnsafeBufferPointer { m in
                    add.withUnsafeBufferPointer { a in
                        inflio_vips_linear_bands(pointer, m.baseAddress, a.baseAddress, Int32(m.count), 1)
                    }
                }
            })
    }

    /// Each output band is a weighted sum of the input bands: `matrix[row]` holds the weights of
    /// output band `row` (for colour mixing and saturation).
    public func recombined(_ matrix: [[Double]]) throws -> EditableImage {
        let flat = matrix.flatMap { $0 }
        precondition(matrix.allSatisfy { $0.count == bandCount }, "one weight per input band")
        let mixed = try vips.map("recomb") { pointer in
            flat.withUnsafeBufferPointer {
                inflio_vips_recomb(pointer, $0.baseAddress, Int32(matrix.count), Int32(bandCount))
            }
        }
        return EditableImage(try mixed.map("cast") { inflio_vips_cast_uchar($0) })
    }

    /// `self × other × scale`, per band (a one-band `other` applies to every band). With a scale
    /// of 1/128, `other` is a light map where 128 leaves a pixel unchanged and 255 doubles it.
    /// Then `add` (one value per band, or none) is added.
    public func multiplied(by other: EditableImage, scale: Double, add: [Double] = [0]) throws -> EditableImage {
        let product = try vips.map("multiply") { inflio_vips_multiply($0, other.vips.pointer) }
        let scales = [Double](repeating: scale, count: add.count)
        return EditableImage(
            try product.map("scale") { pointer in
                scales.withUnsafeBufferPointer { m in
                    add.withUnsafeBufferPointer { a in
                        inflio_vips_linear_bands(pointer, m.baseAddress, a.baseAddress, Int32(m.count), 1)
                    }
                }
            })
    }

    /// `self + other`, clipped at 255: additive light such as a glow or a rim.
    public func adding(_ other: EditableImage) throws -> EditableImage {
        try addedBytes(other) ?? addedByLibvips(other)
    }

    func addedByLibvips(_ other: EditableImage) throws -> EditableImage {
        let sum = try vips.map("add") { inflio_vips_add($0, other.vips.pointer) }
        return EditableImage(try sum.map("cast") { inflio_vips_cast_uchar($0) })
    }

    /// `self` (RGB) with additive `light` as a surface reflects it: as much as `mask` (one band,
    /// 255: the surface shows fully) and the pixel's luma (Rec. 601) let through, from `floor` of
    /// it on black to all of it on white. Clipped at 255.
    public func addingReflected(_ light: EditableImage, mask: EditableImage, floor: Double) throws -> EditableImage {
        try addedReflectedBytes(light, mask: mask, floor: floor)
            ?? addedReflectedByLibvips(light, mask: mask, floor: floor)
    }

    func addedReflectedByLibvips(_ light: EditableImage, mask: EditableImage, floor: Double) throws -> EditableImage {
        guard bandCount == 3, light.bandCount == 3 else {
            throw ImagingError.operationFailed("reflected light: an RGB picture and light are needed")
        }
        let luma = try recombined([RGBImage.lumaWeights]).adjusted(multiply: [1 - floor], add: [255 * floor])
        let share = try luma.multiplied(by: mask, scale: 1.0 / 255)
        return try addedByLibvips(try light.multiplied(by: share, scale: 1.0 / 255))
    }

    /// `self` over `base` through `mask`: 255 shows `self`, 0 shows `base`, values between mix.
    public func blended(over base: EditableImage, mask: EditableImage) throws -> EditableImage {
        try blendedBytes(over: base, mask: mask) ?? blendedByLibvips(over: base, mask: mask)
    }

    func blendedByLibvips(over base: EditableImage, mask: EditableImage) throws -> EditableImage {
        let mixed = try mask.vips.map("ifthenelse") { inflio_vips_ifthenelse($0, vips.pointer, base.vips.pointer, 1) }
        return EditableImage(try mixed.map("cast") { inflio_vips_cast_uchar($0) })
    }

    /// A Gaussian blur that only gathers pixels where `weights` (one band, 0–255) is high, so
    /// what it ignores (a masked-out subject, the area outside a photo) is filled from its
    /// surroundings. Where nothing is near, the result fades to `fallback` (same size and bands),
    /// so chaining from a wide blur to a narrow one fills any gap smoothly.
    public func weightedBlur(weights: EditableImage, sigma: Double, fallback: EditableImage) throws -> EditableImage {
        try weightedBlurBytes(weights: weights, sigma: sigma, fallback: fallback, floor: Self.weightFloor)
            ?? weightedBlurByLibvips(weights: weights, sigma: sigma, fallback: fallback)
    }

    /// Where the blurred weight sum drops under this (of 1), the fallback takes over.
    static let weightFloor = 0.02

    func weightedBlurByLibvips(weights: EditableImage, sigma: Double, fallback: EditableImage) throws -> EditableImage {
        let floor = Self.weightFloor
        let w = try weights.vips.map("float") { inflio_vips_cast_float($0) }.map("unit") {
            inflio_vips_linear_bands($0, [1.0 / 255], [0], 1, 0)
        }
        let weighted = try vips.map("float") { inflio_vips_cast_float($0) }.map("weigh") {
            inflio_vips_multiply($0, w.pointer)
        }
        let floored = try fallback.vips.map("floor") { inflio_vips_linear_bands($0, [floor], [0], 1, 0) }
        // A wide blur costs as much as its kernel is long; run it on a picture shrunk so that it
        // is about 3 points wide, then enlarge: nothing finer than the blur survives it anyway.
        let factor = Double(max(1, Int(sigma / 3)))
        func blurred(_ image: VipsImage) throws -> VipsImage {
            guard factor > 1 else { return try image.map("blur") { inflio_vips_gaussblur($0, sigma) } }
            let small = try image.map("shrink") { inflio_vips_shrink($0, factor, factor) }
                .map("blur") { inflio_vips_gaussblur($0, sigma / factor) }
            return try small.map("enlarge") { inflio_vips_enlarge_bilinear($0, Int32(width), Int32(height)) }
        }
        let numerator = try blurred(weighted).map("add") { inflio_vips_add($0, floored.pointer) }
        let denominator = try blurred(w).map("floor") { inflio_vips_linear_bands($0, [1], [floor], 1, 0) }
        let filled = try numerator.map("divide") { inflio_vips_divide($0, denominator.pointer) }
        return EditableImage(try filled.map("cast") { inflio_vips_cast_uchar($0) })
    }

    /// Mean of each band (decodes the picture; meant for small images).
    public func bandMeans() throws -> [Double] { try rgb().bandMeans() }
}
