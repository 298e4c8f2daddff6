/// A point in image pixels.
public struct Point: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public func distance(to other: Point) -> Double {
        ((x - other.x) * (x - other.x) + (y - other.y) * (y - other.y)).squareRoot()
    }
    static func midpoint(_ a: Point, _ b: Point) -> Point { Point(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2) }
}

/// A detected face: its box in image pixels (it may extend past the frame when the face is cut
/// off), the detector's confidence, and which of dlib's five HOG filters fired (0 frontal,
/// 1 left profile, 2 right profile, 3 and 4 frontal tilted).
public struct FaceBox: Sendable, Equatable, Codable {
    public var left, top, right, bottom: Double
    public var confidence: Double
    public var filter: Int

    public init(left: Double, top: Double, right: Double, bottom: Double, confidence: Double = 1, filter: Int = 0) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
        self.confidence = confidence
        self.filter = filter
    }

    public var width: Double { right - left }
    public var height: Double { bottom - top }
    public var area: Double { width * height }

    public func scaled(by factor: Double) -> FaceBox {
        FaceBox(
            left: left * factor, top: top * factor, right: right * factor, bottom: bottom * factor,
            confidence: confidence, filter: filter)
    }
}

/// dlib's five landmarks: two corners of each eye and the base of the nose.
public struct FaceLandmarks: Sendable, Equatable, Codable {
    public var points: [Point]

    public init(points: [Point]) {
        precondition(points.count == 5, "the 5-point model gives five landmarks")
        self.points = points
    }

    /// Eye centres ordered as they appear in the picture, left then right.
    public var eyeCentres: (left: Point, right: Point) {
        let a = Point.midpoint(points[0], points[1])
        let b = Point.midpoint(points[2], points[3])
        return a.x <= b.x ? (a, b) : (b, a)
    }

    public var nose: Point { points[4] }

    public func scaled(by factor: Double) -> FaceLandmarks {
        FaceLandmarks(points: points.map { Point(x: $0.x * factor, y: $0.y * factor) })
    }
}
