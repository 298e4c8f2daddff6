import Faces
import Imaging

extension NearDuplicateFingerprint {
    /// The face's extent in eye distances from the eyes' midpoint (x along the eye line, y down
    /// it): cheek to cheek, brows to chin. Symmetric in x, so a mirrored photo samples the same
    /// places mirrored.
    static let faceSpan = (left: -1.6, right: 1.6, top: -1.3, bottom: 2.1)
    /// Samples per cell along each side, averaged (a cell is a few pixels of a small face).
    static let samplesPerSide = 3

    /// The hash of the face alone, sampled in the frame its eyes set: the eyes' midpoint the
    /// origin, the eye line the x axis, their distance the unit. A copy of the photo cropped,
    /// turned, resized or brightened samples the same face (the wide head-and-shoulders hash loses
    /// its shoulders to a crop), and a mirrored copy samples it mirrored, so `mirrored` matches it.
    /// dlib's aligned chip would not do: it places the face by the nose too, so a mirror image's
    /// chip is not the chip's mirror image (mirrored copies were 32–83 bits off through it).
    public init(face image: RGBImage, landmarks: FaceLandmarks) {
        let luma = image.luma()
        let (left, right) = landmarks.eyeCentres
        let unit = max(left.distance(to: right), 1)
        let across = Point(x: (right.x - left.x) / unit, y: (right.y - left.y) / unit)
        let down = Point(x: -across.y, y: across.x)
        let mid = Point(x: (left.x + right.x) / 2, y: (left.y + right.y) / 2)
        func sample(_ x: Double, _ y: Double) -> Double {
            let px = min(Double(image.width - 1), max(0, x))
            let py = min(Double(image.height - 1), max(0, y))
            let (x0, y0) = (Int(px), Int(py))
            let (x1, y1) = (min(x0 + 1, image.width - 1), min(y0 + 1, image.height - 1))
            let (fx, fy) = (px - Double(x0), py - Double(y0))
            func at(_ x: Int, _ y: Int) -> Double { Double(luma[y * image.width + x]) }
            return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy
        }
        let span = Self.faceSpan
        let columns = Self.grid + 1
        let (cellWidth, cellHeight) = (
            (span.right - span.left) / Double(columns), (span.bottom - span.top) / Double(Self.grid)
        )
        let n = Self.samplesPerSide
        var cells = [Double](repeating: 0, count: columns * Self.grid)
        for row in 0..<Self.grid {
            for column in 0..<columns {
                var sum = 0.0
                for j in 0..<n {
                    for i in 0..<n {
                        let u = span.left + (Double(column) + (Double(i) + 0.5) / Double(n)) * cellWidth
                        let v = span.top + (Double(row) + (Double(j) + 0.5) / Double(n)) * cellHeight
                        sum += sample(
                            mid.x + unit * (u * across.x + v * down.x), mid.y + unit * (u * across.y + v * down.y))
                    }
                }
                cells[row * columns + column] = sum / Double(n * n)
            }
        }
        self.init(bits: Self.gradientBits(cells: cells))
    }
}
