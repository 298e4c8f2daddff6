import Faces

extension ReferencePhoto {
    /// Whether `other` is this photo mirrored (or this is `other` mirrored): one of the two was
    /// flagged a mirrored copy by the analysis, and its eyes and nose, flipped left to right,
    /// land where the other's are (in shares of the photo's width, so a resized copy matches).
    /// The flag alone names no pair, and two frontal photos taken from the same spot mirror each
    /// other's landmarks closely: only the two together say "the same shot, flipped".
    public func mirrors(_ other: ReferencePhoto) -> Bool {
        guard isMirrorImage == true || other.isMirrorImage == true, location != other.location,
            let mine = normalisedPoints, let theirs = other.normalisedPoints
        else { return false }
        let flipped = mine.map { Point(x: 1 - $0.x, y: $0.y) }
        // Flipping swaps the eyes: compare each point with the other's nearest of the same kind.
        let pairs = [(flipped[0], theirs[1]), (flipped[1], theirs[0]), (flipped[2], theirs[2])]
        return pairs.allSatisfy { $0.0.distance(to: $0.1) < Self.mirrorTolerance }
    }

    /// How far apart (in shares of the width) flipped landmarks may land and still be one shot:
    /// the detector's own jitter on a re-encoded copy is well under 1 %.
    static let mirrorTolerance = 0.02

    /// The eye centres, left then right as seen, and the nose tip, as shares of the photo's
    /// width (both axes, so the aspect ratio stays); nil without the photo's size.
    private var normalisedPoints: [Point]? {
        guard let photoWidth, photoWidth > 0 else { return nil }
        let width = Double(photoWidth)
        let (left, right) = landmarks.eyeCentres
        return [left, right, landmarks.nose].map { Point(x: $0.x / width, y: $0.y / width) }
    }
}
