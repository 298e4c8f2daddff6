import Foundation

/// A 2-D affine map, x' = a·x + b·y + tx, y' = c·x + d·y + ty, in pixels.
public struct AffineMap: Sendable, Equatable {
    public var a, b, c, d, tx, ty: Double

    public init(a: Double, b: Double, c: Double, d: Double, tx: Double, ty: Double) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
        self.tx = tx
        self.ty = ty
    }

    /// Scale, then rotate counter-clockwise on screen by `radians` (y points down), then move.
    public static func similarity(scale: Double, radians: Double, tx: Double, ty: Double) -> AffineMap {
        let (cosine, sine) = (scale * cos(radians), scale * sin(radians))
        return AffineMap(a: cosine, b: sine, c: -sine, d: cosine, tx: tx, ty: ty)
    }

    public func apply(x: Double, y: Double) -> (x: Double, y: Double) {
        (a * x + b * y + tx, c * x + d * y + ty)
    }

    public var determinant: Double { a * d - b * c }

    /// The map back; nil when it squashes the plane flat.
    public var inverted: AffineMap? {
        let det = determinant
        guard det != 0, det.isFinite else { return nil }
        let (ia, ib, ic, id) = (d / det, -b / det, -c / det, a / det)
        return AffineMap(a: ia, b: ib, c: ic, d: id, tx: -(ia * tx + ib * ty), ty: -(ic * tx + id * ty))
    }
}
