import CVipsShim

/// The per-pixel arithmetic of a matte (in C: the same speed in debug builds as in release ones).
public enum Matting {
    /// A segmentation model's coarse probabilities (0–255, already enlarged to the picture's
    /// size) made into opacity (0–1) that follows the picture's edges: a guided filter over a box
    /// of `box` pixels (regularisation `eps`), a smoothstep from `low` to `high`, and 0 where
    /// `limit` (0–255) is 0.
    public static func refined(
        probability: [UInt8], guide: RGBImage, limit: [UInt8], box: Int, eps: Float, low: Float, high: Float
    ) throws -> [Float] {
        precondition(probability.count == guide.width * guide.height && limit.count == probability.count)
        // The colour guide's 3 × 3 system is solved in closed form: eps keeps it invertible where
        // the photo is one flat colour (without it, NaN).
        precondition(eps > 0, "the guided filter needs a positive regularisation")
        var alpha = [Float](repeating: 0, count: probability.count)
        let status = guide.pixels.withUnsafeBufferPointer { rgb in
            probability.withUnsafeBufferPointer { p in
                limit.withUnsafeBufferPointer { l in
                    alpha.withUnsafeMutableBufferPointer { a in
                        inflio_matte_refine(
                            rgb.baseAddress, p.baseAddress, l.baseAddress, Int32(guide.width), Int32(guide.height),
                            Int32(box), eps, low, high, a.baseAddress)
                    }
                }
            }
        }
        guard status == 0 else { throw ImagingError.operationFailed("matte refinement: out of memory") }
        return alpha
    }

    /// Where `alpha` is soft, lowers it to the person's share of the pixel's colour: the lower of
    /// the share that best explains it as a mix of the person's colours and the background's
    /// nearby (each a mean and a covariance over a `box`-pixel box, from the pixels the matte is
    /// sure of), trusted as it explains the colour better than the matte's own, and the share
    /// between the background's and the person's mean colours, trusted as those means part
    /// (fully from twice `leastSpan`, RGB 0–1). Only below row `rows.from`, fully from
    /// `rows.to`; never raises it. Returns how many pixels were lowered.
    @discardableResult
    public static func tighten(
        _ alpha: inout [Float], photo: RGBImage, rows: (from: Double, to: Double), box: Int, leastSpan: Float
    ) throws -> Int {
        precondition(alpha.count == photo.width * photo.height, "one opacity per pixel")
        precondition(rows.to > rows.from && box > 0 && leastSpan > 0, "a range of rows, a box and a span")
        let lowered = photo.pixels.withUnsafeBufferPointer { rgb in
            alpha.withUnsafeMutableBufferPointer { a in
                inflio_matte_tighten(
                    rgb.baseAddress, a.baseAddress, Int32(photo.width), Int32(photo.height), Float(rows.from),
                    Float(rows.to), Int32(box), leastSpan)
            }
        }
        guard lowered >= 0 else { throw ImagingError.operationFailed("matte tightening: out of memory") }
        return Int(lowered)
    }

    /// The person's colours at the matte's soft edge with the old background's tint taken out
    /// (Forte & Pitié's blur-fusion estimate); the photo itself where `alpha` is 1.
    public static func foreground(of image: RGBImage, alpha: [Float]) throws -> RGBImage {
        precondition(alpha.count == image.width * image.height, "one opacity per pixel")
        var out = [UInt8](repeating: 0, count: image.pixels.count)
        let status = image.pixels.withUnsafeBufferPointer { rgb in
            alpha.withUnsafeBufferPointer { a in
                out.withUnsafeMutableBufferPointer { f in
                    inflio_estimate_foreground(
                        rgb.baseAddress, a.baseAddress, Int32(image.width), Int32(image.height), f.baseAddress)
                }
            }
        }
        guard status == 0 else { throw ImagingError.operationFailed("foreground estimation: out of memory") }
        return RGBImage(width: image.width, height: image.height, pixels: out)
    }

    /// The mean colour of each block when the rectangle (`left`, `top`, `width`, `height`) of
    /// `image` is cut into `outWidth` × `outHeight` blocks: a picture shrunk for a model.
    public static func averaged(
        _ image: RGBImage, left: Int, top: Int, width: Int, height: Int, toWidth outWidth: Int, height outHeight: Int
    ) -> RGBImage {
        precondition(left >= 0 && top >= 0 && left + width <= image.width && top + height <= image.height)
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        let status = image.pixels.withUnsafeBufferPointer { rgb in
            out.withUnsafeMutableBufferPointer { o in
                inflio_average_rgb(
                    rgb.baseAddress, Int32(image.width), Int32(left), Int32(top), Int32(width), Int32(height),
                    Int32(outWidth), Int32(outHeight), o.baseAddress)
            }
        }
        // One row of column sums could not be allocated: as out of memory as Swift's own arrays.
        precondition(status == 0, "out of memory")
        return RGBImage(width: outWidth, height: outHeight, pixels: out)
    }

    /// The mean of each block when a `width` × `height` plane is cut into `outWidth` × `outHeight` blocks.
    public static func averaged(_ plane: [Float], width: Int, height: Int, toWidth outWidth: Int, height outHeight: Int)
        -> [Float]
    {
        precondition(plane.count == width * height && outWidth <= width && outHeight <= height)
        var out = [Float](repeating: 0, count: outWidth * outHeight)
        plane.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                inflio_average_plane(
                    p.baseAddress, Int32(width), Int32(height), Int32(outWidth), Int32(outHeight), o.baseAddress)
            }
        }
        return out
    }
}
