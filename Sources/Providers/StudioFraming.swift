import Faces
import Foundation
import Imaging
import PersonaKit

/// Where the person lands on the canvas: the similarity transform (scale, rotation, move) that
/// puts the eyes level, at the style's position and size, and what follows from it.
struct StudioFraming {
    let canvasWidth: Int
    let canvasHeight: Int
    /// Source-photo pixels to canvas pixels.
    let transform: AffineMap
    /// Midpoint of the eyes on the canvas.
    let eyeMid: Point
    /// Distance between the eye centres on the canvas, as it would be facing the camera; the unit
    /// every body measure is expressed in.
    let unit: Double
    /// Sideways shift of the nose base from the eyes' midpoint, in units (+ = towards the right of
    /// the picture): where the face turns.
    let noseShift: Double
    /// Canvas pixels per source pixel.
    let scale: Double
    /// How much tighter than the style asked the framing had to be (1 = as asked), and how many
    /// of the canvas edge points next to the person still fall outside the photo.
    let zoom: Double
    let uncovered: Int
    private let toSource: AffineMap
    private let sourceWidth: Double
    private let sourceHeight: Double

    /// The framing's limits, shared with the casting's estimate of them (`PortraitFramingRules`).
    static let maxZoom = PortraitFramingRules.maxZoom
    static let largestEyeDistance = PortraitFramingRules.largestEyeDistance

    /// How far from the canvas's middle (a share of its width) moving the person sideways to put
    /// the photo's edge past the canvas's may take the eyes.
    static let sideRoom = 0.3

    /// The least room left above the eyes, in eye distances, when the person is moved up to hide
    /// the photo's top edge cutting through their head (the forehead and hairline stay in).
    static let leastEyeDepth = 1.2

    /// The room kept above the eyes when the framing tightens, and how low the eyes may go for it
    /// (`PortraitFramingRules`).
    static let headroom = PortraitFramingRules.headroom
    static let lowestEyeY = PortraitFramingRules.lowestEyeY

    /// How far a portrait in `style` may tighten (`PortraitFramingRules.maxZoom(forEyeDistance:)`,
    /// of the style's own eye distance, which the seed varies a little).
    static func maxZoom(for style: StudioStyle) -> Double {
        PortraitFramingRules.maxZoom(forEyeDistance: style.eyeDistance)
    }

    /// `landmarks` are in the pixels of a `sourceWidth` × `sourceHeight` upright picture. A
    /// layout that covers part of the canvas (a design's title band) sets its own `maxZoom`;
    /// a portrait's is `maxZoom(for:)`. `headCutByTop`: the photo's top edge cuts through the
    /// person's head (`StudioRenderer.headCutByTop`). `adjustsPlacement`: tightening moves the eyes
    /// down to keep `headroom`, and the person may move sideways to hide the photo's edge (a
    /// design's layout places the face where its title leaves room, and keeps it there).
    init(
        landmarks: FaceLandmarks, yaw: Double, sourceWidth: Int, sourceHeight: Int, style: StudioStyle,
        canvasWidth: Int, canvasHeight: Int, maxZoom: Double? = nil, headCutByTop: Bool = false,
        adjustsPlacement: Bool = true
    ) {
        let (left, right) = landmarks.eyeCentres
        let mid = Point(x: (left.x + right.x) / 2, y: (left.y + right.y) / 2)
        // A turned head shows its eyes closer together (by cos yaw); size it as if it faced us, so
        // a three-quarter view is not blown up. Capped: beyond 45° the landmarks are unreliable.
        let frontal = max(left.distance(to: right), 1) / cos(min(abs(yaw), 45) * .pi / 180)
        let wanted = style.eyeDistance * Double(canvasHeight)
        let placement = Placement(
            mid: mid, roll: atan2(right.y - left.y, right.x - left.x), frontal: frontal, wanted: wanted,
            target: Point(x: style.eyeX * Double(canvasWidth), y: style.eyeY * Double(canvasHeight)),
            sourceWidth: sourceWidth, sourceHeight: sourceHeight, canvasWidth: canvasWidth,
            canvasHeight: canvasHeight, headCutByTop: headCutByTop, adjustsPlacement: adjustsPlacement)
        let best = placement.best(maxZoom: maxZoom ?? Self.maxZoom(for: style))
        transform = placement.map(zoom: best.zoom, to: best.target)
        toSource = transform.inverted!
        zoom = best.zoom
        uncovered = best.uncovered
        scale = wanted * best.zoom / frontal
        unit = wanted * best.zoom
        eyeMid = best.target
        let nose = transform.apply(x: landmarks.nose.x, y: landmarks.nose.y)
        noseShift = (nose.x - best.target.x) / unit
        self.canvasWidth = canvasWidth
        self.canvasHeight = canvasHeight
        self.sourceWidth = Double(sourceWidth)
        self.sourceHeight = Double(sourceHeight)
    }

    /// Points on the canvas's border where the person's body meets it: the bottom edge under the
    /// shoulders, and the side edges from the shoulders down when the body reaches them.
    static func edgePoints(target: Point, unit: Double, width: Int, height: Int) -> [Point] {
        let (w, h) = (Double(width), Double(height))
        let (from, to) = (max(1, target.x - 3.8 * unit), min(w - 1, target.x + 3.8 * unit))
        var points = (0...8).map { Point(x: from + (to - from) * Double($0) / 8, y: h - 1) }
        let top = min(h - 1, target.y + 2.5 * unit)
        for side in [1.0, w - 1] where abs(side - target.x) < 3.8 * unit {
            points += (0...4).map { Point(x: side, y: top + (h - 1 - top) * Double($0) / 4) }
        }
        return points
    }

    /// A canvas point in the face's frame: origin between the eyes, x to the right and y down,
    /// in units (eye distances).
    func faceFrame(x: Double, y: Double) -> (x: Double, y: Double) {
        ((x - eyeMid.x) / unit, (y - eyeMid.y) / unit)
    }

    /// How far inside the photo a canvas point lies, in canvas pixels (negative outside it),
    /// counting only the photo edges that show: an edge whose nearest point is off the canvas
    /// needs no fading, so a head close to the top of the photo keeps its hair.
    func photoDepth(x: Double, y: Double) -> Double {
        let p = toSource.apply(x: x, y: y)
        let edges = [
            (p.x, 0.0, p.y), (sourceWidth - p.x, sourceWidth, p.y), (p.y, p.x, 0.0),
            (sourceHeight - p.y, p.x, sourceHeight),
        ]
        var depth = Double.greatestFiniteMagnitude
        for (distance, ex, ey) in edges {
            let nearest = transform.apply(x: ex, y: ey)
            let shows =
                nearest.x > -1 && nearest.y > -1 && nearest.x < Double(canvasWidth) + 1
                && nearest.y < Double(canvasHeight) + 1
            if shows { depth = min(depth, distance * scale) }
        }
        return depth
    }

    /// The canvas point of the photo nearest the canvas point (x, y), `inset` canvas pixels
    /// inside its edges: where a body the photo's edge cuts off is carried on from.
    func nearestInPhoto(x: Double, y: Double, inset: Double) -> (x: Double, y: Double) {
        let p = toSource.apply(x: x, y: y)
        let margin = inset / scale
        return transform.apply(
            x: min(max(p.x, margin), sourceWidth - margin), y: min(max(p.y, margin), sourceHeight - margin))
    }

    /// The face's box on the canvas (brows to chin, cheek to cheek), for measuring its exposure.
    var faceRect: (left: Int, top: Int, width: Int, height: Int) {
        let left = max(0, Int(eyeMid.x - 0.9 * unit))
        let right = min(canvasWidth, Int(eyeMid.x + 0.9 * unit))
        let top = max(0, Int(eyeMid.y - 0.5 * unit))
        let bottom = min(canvasHeight, Int(eyeMid.y + 1.5 * unit))
        return (left, top, max(1, right - left), max(1, bottom - top))
    }
}
