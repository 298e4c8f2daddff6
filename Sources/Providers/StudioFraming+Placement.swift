import Faces
import Foundation
import Imaging
import PersonaKit

extension StudioFraming {
    /// The search for where the person goes and how tight: the zoom and the eyes' point that
    /// show the fewest of the photo's edges near the person, with the moves that keep headroom,
    /// hide a top edge cutting the head and put a side edge past the canvas's.
    struct Placement {
        /// The eyes' midpoint in the photo, the eye line's tilt, and the eye distance as it would
        /// be facing the camera (source pixels).
        let mid: Point
        let roll: Double
        let frontal: Double
        /// The eye distance and the eyes' point the style asks for on the canvas.
        let wanted: Double
        let target: Point
        let sourceWidth: Int
        let sourceHeight: Int
        let canvasWidth: Int
        let canvasHeight: Int
        let headCutByTop: Bool
        let adjustsPlacement: Bool

        /// What the search settles on: the zoom, the edge points still showing, the eyes' point
        /// and whether the top edge still cuts the head in sight.
        typealias Found = (zoom: Double, uncovered: Int, target: Point, headCut: Bool)

        func map(zoom: Double, to target: Point) -> AffineMap {
            // Rotate by the eye line's tilt so the eyes come out level, then move their midpoint onto the target.
            let rotation = AffineMap.similarity(scale: wanted * zoom / frontal, radians: roll, tx: 0, ty: 0)
            let moved = rotation.apply(x: mid.x, y: mid.y)
            return AffineMap(
                a: rotation.a, b: rotation.b, c: rotation.c, d: rotation.d, tx: target.x - moved.x,
                ty: target.y - moved.y)
        }

        /// The tightest-first search: tighten step by step up to `maxZoom` until no edge near the
        /// person shows, then, at that zoom, move sideways where that shows fewer (never
        /// tightening further for it: moved and tightened, an environmental portrait became a
        /// close-up).
        func best(maxZoom: Double) -> Found {
            var best: Found = (zoom: 1.0, uncovered: Int.max, target: target, headCut: false)
            for zoom in stride(from: 1.0, through: maxZoom + 0.001, by: PortraitFramingRules.zoomStep) {
                let (placed, headCut) = lifted(zoom: zoom)
                let count = edgesShown(zoom: zoom, placed: placed, headCut: headCut)
                if count < best.uncovered { best = (zoom, count, placed, headCut) }
                if count == 0 { break }
            }
            for placed in sideways(best.target, zoom: best.zoom).dropFirst() where adjustsPlacement {
                let count = edgesShown(zoom: best.zoom, placed: placed, headCut: best.headCut)
                if count < best.uncovered { best = (best.zoom, count, placed, best.headCut) }
            }
            return best
        }

        /// The lowest point on the canvas of the photo's top edge over the head (the eyes' column
        /// and 1.6 eye distances either side): a tilted photo, levelled by its eyes, has that edge
        /// tilted, and a tester's close-up showed its low end as a hard line across the hair while
        /// the eyes' column was past the canvas's top.
        func topEdge(zoom: Double, at target: Point) -> Double {
            let map = map(zoom: zoom, to: target)
            return [-1.6, 0, 1.6].map { k in
                map.apply(x: min(Double(sourceWidth), max(0, mid.x + k * frontal)), y: 0).y
            }.max()!
        }

        /// Where the eyes go at a zoom: the style's point, moved down when tightening would leave
        /// less than `headroom` (or the style's own room) above them.
        /// Never so far that the photo's top edge, hidden above the canvas at the style's point,
        /// comes into sight: a guard for a photo that cuts through the hair where the model did
        /// not see it (`headCutByTop`), which would show as a hard line across the hair (no shared
        /// photo needs it: among them the model finds every cut head).
        func aim(zoom: Double) -> Point {
            guard adjustsPlacement else { return target }
            let room = min(target.y / wanted, StudioFraming.headroom) * wanted * zoom
            let hidden = max(0, -2 - topEdge(zoom: zoom, at: target))
            let lowest = StudioFraming.lowestEyeY * Double(canvasHeight)
            return Point(x: target.x, y: target.y + min(hidden, max(0, min(lowest, room) - target.y)))
        }

        /// A photo whose top edge cuts through the head (`headCutByTop`) leaves it flat-topped in
        /// mid-canvas: move the person up until that edge is past the canvas's top (the head then
        /// looks cropped by the picture, as a tight portrait is), keeping the eyes `leastEyeDepth`
        /// below it.
        func lifted(zoom: Double) -> (target: Point, headCut: Bool) {
            let unit = wanted * zoom
            let target = aim(zoom: zoom)
            let edge = topEdge(zoom: zoom, at: target)
            guard headCutByTop, edge > 0 else { return (target, false) }
            // Two pixels past the top, so the edge counts as off the canvas and is not faded.
            let lift = min(edge + 2, max(0, target.y - StudioFraming.leastEyeDepth * unit))
            return (Point(x: target.x, y: target.y - lift), edge - lift > -1)
        }

        /// The same, moved sideways until the photo's left or right edge is just past the canvas's
        /// (at the eyes' height), when that keeps the eyes within `sideRoom` of the middle: a
        /// person placed to one side with the photo's edge through their shoulder (the
        /// environmental portrait's wide frame) shows a body cut off in mid-air; moved so the edge
        /// is the picture's, the body runs out of the picture as in any crop.
        func sideways(_ placed: Point, zoom: Double) -> [Point] {
            let map = map(zoom: zoom, to: placed)
            let leftEdge = map.apply(x: 0, y: mid.y).x
            let rightEdge = map.apply(x: Double(sourceWidth), y: mid.y).x
            let width = Double(canvasWidth)
            let moves = [leftEdge > 0 ? -(leftEdge + 2) : 0, rightEdge < width ? width + 2 - rightEdge : 0]
            return [placed]
                + moves.filter { $0 != 0 && abs(placed.x + $0 - width / 2) <= StudioFraming.sideRoom * width }
                .map { Point(x: placed.x + $0, y: placed.y) }
        }

        /// A photo whose edge shows next to the person leaves the body ending in mid-air: how many
        /// of the edge points near the person (and the top edge over the head, when lifting could
        /// not hide it) fall outside the photo.
        func edgesShown(zoom: Double, placed: Point, headCut: Bool) -> Int {
            let toSource = map(zoom: zoom, to: placed).inverted!
            return StudioFraming.edgePoints(
                target: placed, unit: wanted * zoom, width: canvasWidth, height: canvasHeight
            )
            .filter { p in
                let s = toSource.apply(x: p.x, y: p.y)
                return s.x < 0 || s.y < 0 || s.x > Double(sourceWidth) || s.y > Double(sourceHeight)
            }.count + (headCut ? 1 : 0)
        }
    }
}
