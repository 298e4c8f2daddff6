import Foundation
import Imaging

extension SubjectMatte {
    /// Pieces of the background the model kept at the person's edge: within 0.35 eye distances
    /// inside it, coloured as the background within 1.25 eye distances outside it and unlike all
    /// of the person deeper in, thicker than the guided filter's box (a thinner sliver is the soft
    /// edge the filter makes, or a rim of light), and parted from the person by a hard edge (a mean
    /// CIE76 difference over 20: a soft edge that fades into a background of its colour, white hair
    /// on a pale wall, stays). Found on a convention sign's letter touching rose-leslie-2's hair
    /// (`SignLetterTests`); no other shared photo loses a pixel to it.
    static func islandRules(unit: Double) -> Matting.IslandRules {
        Matting.IslandRules(
            band: Int((0.35 * unit).rounded()), depth: guideBox / 3, reach: Int((1.25 * unit).rounded()),
            leastArea: max(20, Int((0.0012 * unit * unit).rounded())), contrast: 20)
    }

    /// What the model is sure of: opacity above this, joined to the face. Set high, because a
    /// second person the model half-believes in still reaches 0.85–0.95 where they meet the
    /// subject or the photo's edge.
    static let sureOpacity = 0.97
    /// Where the unsure is kept, in eye distances from the sure person: fully up to the first,
    /// fading to nothing at the second. A soft edge (hair, a shoulder's blur) is a thin band
    /// within it; a broad half-sure area beyond it is somebody else (the model gives a second
    /// person beside or behind the subject about 0.5, and joins them at an ear or a shoulder).
    /// (A one-off instrumented run: under 0.3 % of any other shared portrait's opacity.) The full
    /// reach is never under `edgeFloor` grid points, and the fade is never shorter than 0.2 eye
    /// distances: the matte's soft edge is as wide as the guided filter's box whatever the face's
    /// size, so a small face's hair fringe is not cut.
    static let unsureReach: (full: Double, none: Double) = (0.1, 0.3)

    /// A weight 0–1 per grid point: 1 on the sure person and the unsure within `unsureReach` of it,
    /// falling to 0 beyond. `unit` is an eye distance in grid points; `edgeFloor` the least full
    /// reach, in grid points.
    static func nearSure(_ opacity: [Double], seeds: [Bool], width: Int, unit: Double, edgeFloor: Double)
        -> [Double]
    {
        // The sure person: reached from the face through sure points.
        let sure = reached(opacity, from: seeds, width: width, above: sureOpacity)
        // Little sure (a person the model doubts): leave the matte as it is rather than cut most of
        // it. A second person beside the subject is far smaller than the subject's sure part.
        let solid = opacity.lazy.filter { $0 > 0.5 }.count
        guard sure.lazy.filter({ $0 }).count * 2 >= solid else { return [Double](repeating: 1, count: opacity.count) }
        let distance = chamferDistance(from: sure, width: width)
        let full = max(unsureReach.full * unit, edgeFloor)
        let none = full + (unsureReach.none - unsureReach.full) * unit
        return distance.map { 1 - smoothstep(full, none, $0) }
    }

    /// The distance (in grid points) from each point to the nearest marked one, by the two-pass
    /// 3-4 chamfer transform (within 8 % of the Euclidean one).
    static func chamferDistance(from marked: [Bool], width: Int) -> [Double] {
        let height = marked.count / width
        let far = Double(marked.count) * 3
        var d = marked.map { $0 ? 0.0 : far }
        func relax(_ i: Int, _ x: Int, _ y: Int, _ steps: [(Int, Int, Double)]) {
            for (dx, dy, cost) in steps {
                let (nx, ny) = (x + dx, y + dy)
                guard nx >= 0, ny >= 0, nx < width, ny < height else { continue }
                d[i] = min(d[i], d[ny * width + nx] + cost)
            }
        }
        let before: [(Int, Int, Double)] = [(-1, 0, 3), (-1, -1, 4), (0, -1, 3), (1, -1, 4)]
        let after: [(Int, Int, Double)] = [(1, 0, 3), (1, 1, 4), (0, 1, 3), (-1, 1, 4)]
        for y in 0..<height { for x in 0..<width { relax(y * width + x, x, y, before) } }
        for y in (0..<height).reversed() { for x in (0..<width).reversed() { relax(y * width + x, x, y, after) } }
        return d.map { $0 / 3 }
    }

    /// The grid points joined to the sure person (`seeds`): reached through points above
    /// `threshold`, and the faint within two points of those (its soft edge). A floating speck or
    /// an island of background that happened to look like a person is not.
    static func joined(_ opacity: [Double], to seeds: [Bool], width: Int, threshold: Double = 0.35) -> [Bool] {
        var near = reached(opacity, from: seeds, width: width, above: threshold)
        for _ in 0..<2 { near = grown(near, width: width) }
        return near
    }

    /// `points` and their 4-neighbours.
    static func grown(_ points: [Bool], width: Int) -> [Bool] {
        points.indices.map { i in
            let column = i % width
            return points[i] || (column > 0 && points[i - 1]) || (column < width - 1 && points[i + 1])
                || (i >= width && points[i - width]) || (i + width < points.count && points[i + width])
        }
    }

    /// The grid points above `threshold` reached from a seed above it through points above it
    /// (4-neighbour flood fill).
    static func reached(_ opacity: [Double], from seeds: [Bool], width: Int, above threshold: Double) -> [Bool] {
        var reached = [Bool](repeating: false, count: opacity.count)
        var queue = opacity.indices.filter { seeds[$0] && opacity[$0] > threshold }
        for i in queue { reached[i] = true }
        func visit(_ n: Int) {
            if !reached[n] && opacity[n] > threshold {
                reached[n] = true
                queue.append(n)
            }
        }
        var next = 0
        while next < queue.count {
            let i = queue[next]
            next += 1
            let column = i % width
            if column > 0 { visit(i - 1) }
            if column < width - 1 { visit(i + 1) }
            if i >= width { visit(i - width) }
            if i + width < opacity.count { visit(i + width) }
        }
        return reached
    }
}
