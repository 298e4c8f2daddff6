import Faces
import Imaging

extension NearDuplicateFingerprint {
    /// Where the hash samples, in eye distances from the eyes' midpoint (x along the eye line, y
    /// down it): the face and its outline, from the hairline (1.3 above the eyes) to under the
    /// chin and 1.6 to either side, so some hair and background too. Symmetric in x, so a mirrored
    /// photo samples the same places mirrored.
    static let faceSpan = (left: -1.6, right: 1.6, top: -1.3, bottom: 2.1)
    /// The least eye distance (pixels) a face is hashed at, and the largest share of samples that
    /// may fall outside the photo: below or beyond, the hash would be mostly ties and edge
    /// pixels, alike for any two such photos.
    static let leastEyeDistance = 8.0
    static let mostOutside = 0.2

    /// The hash of the face, sampled in the frame its eyes set: the eyes' midpoint the origin,
    /// the eye line the x axis, their distance the unit. A copy of the photo cropped, turned,
    /// resized or brightened samples the same face (the wide head-and-shoulders hash loses its
    /// shoulders to a crop), and a mirrored copy samples it mirrored, so `mirrored` matches it.
    /// dlib's aligned chip would not do: it places the face by the nose too, so a mirror image's
    /// chip is not the chip's mirror image (mirrored copies were 32–83 bits off through it).
    /// Each cell is the mean luma of a grid of samples about 3 pixels apart. Nil for a face too
    /// small or too far outside the photo (see `leastEyeDistance`).
    public init?(face image: RGBImage, landmarks: FaceLandmarks) {
        let (left, right) = landmarks.eyeCentres
        let unit = left.distance(to: right)
        guard unit >= Self.leastEyeDistance, image.width > 1, image.height > 1 else { return nil }
        let across = Point(x: (right.x - left.x) / unit, y: (right.y - left.y) / unit)
        let down = Point(x: -across.y, y: across.x)
        let mid = Point(x: (left.x + right.x) / 2, y: (left.y + right.y) / 2)
        let span = Self.faceSpan
        let columns = Self.grid + 1
        let cellWidth = (span.right - span.left) / Double(columns)
        let cellHeight = (span.bottom - span.top) / Double(Self.grid)
        let perSide = min(8, max(3, Int((cellWidth * unit / 3).rounded())))
        var outside = 0
        func luma(_ x: Double, _ y: Double) -> Double {
            if x < 0 || y < 0 || x > Double(image.width - 1) || y > Double(image.height - 1) { outside += 1 }
            let px = min(Double(image.width - 1), max(0, x))
            let py = min(Double(image.height - 1), max(0, y))
            let (x0, y0) = (min(Int(px), image.width - 2), min(Int(py), image.height - 2))
            let (fx, fy) = (px - Double(x0), py - Double(y0))
            func at(_ x: Int, _ y: Int) -> Double { image.luma(x: x, y: y) }
            return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy)
                + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy
        }
        var cells = [Double](repeating: 0, count: columns * Self.grid)
        for row in 0..<Self.grid {
            for column in 0..<columns {
                var sum = 0.0
                for j in 0..<perSide {
                    for i in 0..<perSide {
                        let u = span.left + (Double(column) + (Double(i) + 0.5) / Double(perSide)) * cellWidth
                        let v = span.top + (Double(row) + (Double(j) + 0.5) / Double(perSide)) * cellHeight
                        sum += luma(
                            mid.x + unit * (u * across.x + v * down.x), mid.y + unit * (u * across.y + v * down.y))
                    }
                }
                cells[row * columns + column] = sum / Double(perSide * perSide)
            }
        }
        guard Double(outside) <= Self.mostOutside * Double(cells.count * perSide * perSide) else { return nil }
        self.init(bits: Self.gradientBits(cells: cells))
    }
}
