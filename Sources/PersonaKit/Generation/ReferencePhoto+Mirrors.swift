import Faces

extension ReferencePhoto {
    /// Whether `other` is this photo mirrored (or this is `other` mirrored): one of the two was
    /// flagged a mirrored copy by the analysis, the photos have one shape, and the eyes, the nose
    /// and the face box's sides, flipped left to right, land where the other's are (in shares of
    /// the photo's width, so a resized copy matches). The flag alone names no pair (only that the
    /// photo mirrors some other), and two frontal photos taken from the same spot mirror each
    /// other's landmarks closely: only all of it together says "the same shot, flipped".
    public func mirrors(_ other: ReferencePhoto) -> Bool {
        guard isMirrorImage == true || other.isMirrorImage == true, location != other.location,
            let gap = mirrorGap(other)
        else { return false }
        return gap < Self.mirrorTolerance
    }

    /// How far (in shares of the width) the furthest of `mirrors`' points lands from its flipped
    /// counterpart; nil without the photos' sizes.
    public func mirrorGap(_ other: ReferencePhoto) -> Double? {
        guard let mine = normalisedPoints, let theirs = other.normalisedPoints else { return nil }
        let flipped = mine.map { Point(x: 1 - $0.x, y: $0.y) }
        // Flipping swaps the eyes.
        let pairs = [
            (flipped[0], theirs[1]), (flipped[1], theirs[0]), (flipped[2], theirs[2]), (flipped[3], theirs[3]),
        ]
        return pairs.map { $0.0.distance(to: $0.1) }.max()
    }

    /// How far apart (in shares of the width) flipped points may land and still be one shot: the
    /// shared Obama photos' mirror images (re-encoded by the tests) land within 0.4 %, the nearest
    /// two different shots of them 7 % apart (`AnotherPhotoTests`).
    static let mirrorTolerance = 0.01

    /// The eye centres, left then right as seen, the nose, and the photo's bottom edge's middle
    /// (its shape), as shares of the photo's width (both axes); nil without the photo's size.
    /// (Not the face box: the detector's box moves by a few per cent of the width between a photo
    /// and its mirror image, more than two different shots' landmarks may.)
    private var normalisedPoints: [Point]? {
        guard let photoWidth, photoWidth > 0, let photoHeight else { return nil }
        let width = Double(photoWidth)
        let (left, right) = landmarks.eyeCentres
        return [left, right, landmarks.nose, Point(x: width / 2, y: Double(photoHeight))].map {
            Point(x: $0.x / width, y: $0.y / width)
        }
    }
}
