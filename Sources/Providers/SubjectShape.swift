import Foundation

/// A rough outline of the person from the face alone: an ellipse for the head, one for the neck
/// and a large one for the shoulders, smoothly joined. The matte (`SubjectMatte`) finds the real
/// outline; this smooth guess keeps the surroundings' blur (`StudioSurroundings`) away from the
/// person, where a jagged outline would show. Proportions are
/// an adult's in eye distances (the eye centres are ~63 mm apart; a head is ~2.5 of them wide
/// and ~3.7 tall with the eyes near its middle). Coordinates are the face frame of
/// `StudioFraming`: origin between the eyes, y down, in eye distances.
struct SubjectShape {
    /// Where the skull sits sideways: behind the face, so opposite to where the nose points.
    let headX: Double
    /// How far above the eyes the top of the head is. A face seen from below (chin up, positive
    /// pitch) shows less of the skull above the eyes.
    let headTop: Double

    init(framing: StudioFraming, pitch: Double) {
        headX = -0.45 * max(-0.6, min(0.6, framing.noseShift))
        headTop = max(1.4, 1.85 - 0.03 * max(0, pitch))
    }

    /// Signed distance to the outline in eye distances: negative inside, positive outside.
    func distance(x: Double, y: Double) -> Double {
        let neck = Self.ellipse(x, y - 2.0, 0.95, 1.0)
        let shoulders = Self.ellipse(x, y - 5.4, 4.0, 3.0)
        return Self.smoothMin(Self.smoothMin(headDistance(x: x, y: y), neck, 0.5), shoulders, 0.9)
    }

    /// Signed distance to the head with its hair: from `headTop` above the eyes (short hair) to the chin.
    func headDistance(x: Double, y: Double) -> Double {
        let chin = 1.8
        return Self.ellipse(x - headX, y - (chin - headTop) / 2, 1.35, (chin + headTop) / 2)
    }

    /// First-order distance to an ellipse with semi-axes a, b centred at the origin: the
    /// normalised radius minus one, divided by its slope. Exact on the outline, close near it.
    static func ellipse(_ x: Double, _ y: Double, _ a: Double, _ b: Double) -> Double {
        let f = ((x / a) * (x / a) + (y / b) * (y / b)).squareRoot()
        guard f > 1e-6 else { return -min(a, b) }
        let slope = ((x / (a * a)) * (x / (a * a)) + (y / (b * b)) * (y / (b * b))).squareRoot() / f
        return (f - 1) / slope
    }

    /// Polynomial smooth minimum: a union without a crease where two parts meet.
    static func smoothMin(_ a: Double, _ b: Double, _ k: Double) -> Double {
        let h = max(k - abs(a - b), 0) / k
        return min(a, b) - h * h * k / 4
    }
}

/// 0 below `edge0`, 1 above `edge1`, an S-curve between.
func smoothstep(_ edge0: Double, _ edge1: Double, _ x: Double) -> Double {
    let t = max(0, min(1, (x - edge0) / (edge1 - edge0)))
    return t * t * (3 - 2 * t)
}
