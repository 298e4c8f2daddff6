import CVipsShim

/// The offline studio's full-size passes, done in C over the pixels (`inflio_studio.h`): each
/// replaces a chain of libvips operations that cost several passes over the picture.
extension EditableImage {
    /// Unsharp mask on lightness only (the same change added to each channel, so no colour
    /// fringes); `sigma` in pixels, `amount` the gain on edges. As libvips' sharpen with its
    /// defaults (steps under 2 L* left alone, at most 10 L* lighter and 20 L* darker), in 0–255
    /// luma, without its round trip through LabS (5 times slower at portrait size).
    public func sharpened(sigma: Double, amount: Double) throws -> EditableImage {
        let source = try rgb()
        var out = [UInt8](repeating: 0, count: source.pixels.count)
        let status = source.pixels.withUnsafeBufferPointer { rgb in
            out.withUnsafeMutableBufferPointer { o in
                inflio_sharpen_luma(
                    rgb.baseAddress, Int32(source.width), Int32(source.height), Float(sigma), Float(amount),
                    2 * 2.55, 10 * 2.55, 20 * 2.55, o.baseAddress)
            }
        }
        guard status == 0 else { throw ImagingError.operationFailed("sharpen: out of memory") }
        return EditableImage(RGBImage(width: source.width, height: source.height, pixels: out))
    }

    /// The colour `matrix` (3×3), then `light` (an RGB picture of the same size) × `scale`, then
    /// `add` per channel, clipped to 0–255 after each step: `recombined(matrix).multiplied(by:
    /// light, scale:, add:)` in one pass.
    public func graded(_ matrix: [[Double]], light: EditableImage, scale: Double, add: [Double]) throws
        -> EditableImage
    {
        precondition(matrix.count == 3 && matrix.allSatisfy { $0.count == 3 } && add.count == 3, "RGB only")
        let source = try rgb()
        let lightMap = try light.rgb()
        precondition(lightMap.width == source.width && lightMap.height == source.height, "one light per pixel")
        let weights = matrix.flatMap { $0 }.map(Float.init)
        let offsets = add.map(Float.init)
        var out = [UInt8](repeating: 0, count: source.pixels.count)
        source.pixels.withUnsafeBufferPointer { rgb in
            lightMap.pixels.withUnsafeBufferPointer { l in
                out.withUnsafeMutableBufferPointer { o in
                    inflio_grade_and_light(
                        rgb.baseAddress, l.baseAddress, Int32(source.width), Int32(source.height), weights,
                        Float(scale), offsets, o.baseAddress)
                }
            }
        }
        return EditableImage(RGBImage(width: source.width, height: source.height, pixels: out))
    }
}
