import Foundation

/// The head's outline read off a per-pixel matte as one radius per direction from the head's
/// centre, then smoothed. A head is round: a radius that jumps (a patch of wall the colours could
/// not tell from white hair, a hole) is a mistake, and smoothing it away leaves a clean outline
/// instead of a ragged cut-out.
struct HeadOutline {
    /// Centre of the head, in the face frame (eye distances).
    let centre: (x: Double, y: Double)
    /// Outline radius per direction, in eye distances; direction i is 2πi/count from +x, y down.
    let radii: [Double]

    static let directions = 72

    /// `opacity(x, y)` reads the matte at a face-frame point. Directions pointing down past the
    /// jaw are left to the body's matte (see `weight`).
    init(shape: SubjectShape, opacity: (Double, Double) -> Double) {
        let chin = 1.8
        let centre = (x: shape.headX, y: (chin - shape.headTop) / 2)
        let (a, b) = (1.35, (chin + shape.headTop) / 2)
        let found = (0..<Self.directions).map { i -> Double in
            let angle = 2 * Double.pi * Double(i) / Double(Self.directions)
            let (dx, dy) = (cos(angle), sin(angle))
            let ellipse = 1 / ((dx / a) * (dx / a) + (dy / b) * (dy / b)).squareRoot()
            let (inner, outer) = (0.85 * ellipse, ellipse + SubjectShape.band(y: centre.y + dy * ellipse))
            // March outwards; the outline is where the matte first drops under a half.
            var r = inner
            while r < outer && opacity(centre.x + dx * r, centre.y + dy * r) >= 0.5 { r += 0.03 }
            return min(outer, max(inner, r))
        }
        self.centre = centre
        radii = Self.smoothed(Self.median(found, window: 9))
    }

    /// Opacity of the head at a face-frame point: 1 inside the outline, a soft 0.12-wide edge.
    func opacity(x: Double, y: Double) -> Double {
        let (dx, dy) = (x - centre.x, y - centre.y)
        let distance = (dx * dx + dy * dy).squareRoot()
        var position = atan2(dy, dx) / (2 * .pi) * Double(Self.directions)
        if position < 0 { position += Double(Self.directions) }
        let i = Int(position) % Self.directions
        let t = position - Double(Int(position))
        let radius = radii[i] * (1 - t) + radii[(i + 1) % Self.directions] * t
        return 1 - smoothstep(radius - 0.06, radius + 0.06, distance)
    }

    /// How much this outline, rather than the per-pixel matte, decides at height `y`: all of it
    /// down to the jaw, none from the neck on.
    static func weight(y: Double) -> Double { 1 - smoothstep(0.9, 1.7, y) }

    /// Circular running median: removes spikes and notches narrower than half the window.
    static func median(_ values: [Double], window: Int) -> [Double] {
        let n = values.count
        let half = window / 2
        return (0..<n).map { i in
            ((-half)...half).map { values[(i + $0 + n) % n] }.sorted()[half]
        }
    }

    /// Two passes of a circular [1 2 1] / 4 blur.
    static func smoothed(_ values: [Double]) -> [Double] {
        let n = values.count
        var out = values
        for _ in 0..<2 {
            let current = out
            out = (0..<n).map { (current[($0 + n - 1) % n] + 2 * current[$0] + current[($0 + 1) % n]) / 4 }
        }
        return out
    }
}
