import Foundation
import Imaging

/// An out-of-focus highlight: a soft disc, brighter at its rim like a real lens's.
struct BokehDisc {
    let x: Double
    let y: Double
    let radius: Double
    let strength: Double
    let colour: (Double, Double, Double)

    /// Up to `count` discs from `make`, each drawn again (at most 8 times) while it would sit on
    /// the person (`BokehKeepOut`), and left out if it still does; all of them without a matte.
    static func placed(_ count: Int, clearOf matte: SubjectMatte?, make: () -> BokehDisc) -> [BokehDisc] {
        let keepOut = matte.map(BokehKeepOut.init)
        return (0..<count).compactMap { _ in
            for _ in 0..<8 {
                let disc = make()
                if keepOut?.allows(disc) ?? true { return disc }
            }
            return nil
        }
    }

    /// The discs as additive light on `grid` (0 where there is none).
    static func drawn(_ discs: [BokehDisc], on grid: SmoothField) -> EditableImage {
        grid.colourGrid { x, y in
            var (r, g, b) = (0.0, 0.0, 0.0)
            for disc in discs where abs(x - disc.x) < disc.radius && abs(y - disc.y) < disc.radius {
                let d = ((x - disc.x) * (x - disc.x) + (y - disc.y) * (y - disc.y)).squareRoot() / disc.radius
                let level = disc.strength * (1 - smoothstep(0.8, 1, d)) * (0.75 + 0.25 * smoothstep(0.5, 0.92, d))
                r += level * disc.colour.0
                g += level * disc.colour.1
                b += level * disc.colour.2
            }
            return (r, g, b)
        }
    }
}
