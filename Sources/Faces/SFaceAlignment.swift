import Foundation
import Imaging

/// The 112×112 face SFace reads, placed from dlib's five landmarks.
///
/// SFace was trained on faces aligned, by a similarity transform, onto the standard ArcFace
/// template: eye centres (38.29, 51.70) and (73.53, 51.50), nose tip (56.03, 71.74), mouth corners
/// (41.55, 92.37) and (70.73, 92.20). dlib's five points are other ones: both corners of each eye
/// and the base of the nose, so they need their own places on that canvas. These are derived from
/// dlib's mean face, the positions of its five points that `get_face_chip_details` aligns dlib's
/// own chips to, moved as one (rotated, scaled, shifted) so that its eye centres, the midpoints of
/// each pair of corners, land on the ArcFace eye centres. The two templates then agree on the
/// eyes, which carry most of an alignment; each eye's corners lie 0.20 inter-eye distances either
/// side of its centre (0.19–0.21 on the sample faces), and the base of the nose 0.77 below the eye
/// line (0.74 on the sample faces, see `HeadPose`), 7 px under ArcFace's nose tip and well above
/// its mouth, where the base of the nose is.
///
/// Checked against OpenCV's own SFace pipeline (YuNet's five points, `alignCrop`) on the sample
/// faces: there, dlib's points land within 2 px of this template (1.5 px lower on average), and
/// the two alignments give descriptors 0.05 apart on average (cosine distance; one person's
/// photos are 0.2–0.5 apart). The photo's five points are fitted to the template by least squares
/// (rotation, uniform scale and shift, no shear), as OpenCV fits its five points to ArcFace's.
public enum SFaceAlignment {
    public static let size = 112

    /// ArcFace's eye centres on the 112×112 canvas, the eye on the picture's left first.
    static let arcFaceEyes = (left: Point(x: 38.2946, y: 51.6963), right: Point(x: 73.5318, y: 51.5014))
    /// dlib's mean face on the unit square, in dlib's order (the order `FaceLandmarks` keeps): the
    /// outer then inner corner of the eye on the picture's right, the outer then inner corner of the
    /// eye on its left, the base of the nose (dlib/image_transforms/interpolation.h).
    static let dlibMeanFace = [
        Point(x: 0.8595674595992, y: 0.2134981538014), Point(x: 0.6460604764104, y: 0.2289674387677),
        Point(x: 0.1205750620789, y: 0.2137274526848), Point(x: 0.3340850613712, y: 0.2290642403242),
        Point(x: 0.4901123135679, y: 0.6277975316475),
    ]

    /// dlib's mean face placed on the canvas by the one similarity that takes its eye centres onto
    /// ArcFace's: z ↦ a·z + b in complex numbers, a = (right − left) on the canvas over the same
    /// in the mean face.
    static let template: [Point] = {
        let m = dlibMeanFace
        let from = (left: Point.midpoint(m[2], m[3]), right: Point.midpoint(m[0], m[1]))
        let to = arcFaceEyes
        let (fx, fy) = (from.right.x - from.left.x, from.right.y - from.left.y)
        let (tx, ty) = (to.right.x - to.left.x, to.right.y - to.left.y)
        let norm = fx * fx + fy * fy
        let (ax, ay) = ((tx * fx + ty * fy) / norm, (ty * fx - tx * fy) / norm)
        func place(_ p: Point) -> Point {
            let (dx, dy) = (p.x - from.left.x, p.y - from.left.y)
            return Point(x: to.left.x + ax * dx - ay * dy, y: to.left.y + ay * dx + ax * dy)
        }
        return m.map(place)
    }()

    /// The similarity transform from photo pixels to the 112×112 canvas that best fits the points
    /// to the template (least squares; closed form, as in Umeyama's method without reflection).
    public static func transform(for landmarks: FaceLandmarks) -> AffineMap {
        let source = landmarks.points
        let n = Double(source.count)
        let sourceMean = Point(x: source.map(\.x).reduce(0, +) / n, y: source.map(\.y).reduce(0, +) / n)
        let targetMean = Point(x: template.map(\.x).reduce(0, +) / n, y: template.map(\.y).reduce(0, +) / n)
        var dot = 0.0
        var cross = 0.0
        var spread = 0.0
        for (p, q) in zip(source, template) {
            let (px, py) = (p.x - sourceMean.x, p.y - sourceMean.y)
            let (qx, qy) = (q.x - targetMean.x, q.y - targetMean.y)
            dot += px * qx + py * qy
            cross += px * qy - py * qx
            spread += px * px + py * py
        }
        // x' = c·x − s·y + tx, y' = s·x + c·y + ty, with c = scale·cos θ and s = scale·sin θ.
        let c = dot / max(spread, 1e-12)
        let s = cross / max(spread, 1e-12)
        return AffineMap(
            a: c, b: -s, c: s, d: c,
            tx: targetMean.x - (c * sourceMean.x - s * sourceMean.y),
            ty: targetMean.y - (s * sourceMean.x + c * sourceMean.y))
    }

    /// The aligned face: each canvas pixel sampled bilinearly from the photo through the inverse
    /// transform; canvas pixels that fall outside the photo are black, as OpenCV's warp leaves them.
    public static func alignedFace(in image: RGBImage, landmarks: FaceLandmarks) -> RGBImage {
        let toPhoto = transform(for: landmarks).inverted ?? AffineMap(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)
        var out = [UInt8](repeating: 0, count: size * size * 3)
        image.pixels.withUnsafeBufferPointer { src in
            for v in 0..<size {
                for u in 0..<size {
                    let (x, y) = toPhoto.apply(x: Double(u), y: Double(v))
                    let x0 = Int(floor(x))
                    let y0 = Int(floor(y))
                    guard x0 >= -1, y0 >= -1, x0 < image.width, y0 < image.height else { continue }
                    let fx = x - Double(x0)
                    let fy = y - Double(y0)
                    for ch in 0..<3 {
                        // Neighbours outside the photo count as black, like OpenCV's constant border.
                        func at(_ px: Int, _ py: Int) -> Double {
                            guard px >= 0, py >= 0, px < image.width, py < image.height else { return 0 }
                            return Double(src[(py * image.width + px) * 3 + ch])
                        }
                        let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
                        let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
                        out[(v * size + u) * 3 + ch] = UInt8(max(0, min(255, (top * (1 - fy) + bottom * fy).rounded())))
                    }
                }
            }
        }
        return RGBImage(width: size, height: size, pixels: out)
    }
}
