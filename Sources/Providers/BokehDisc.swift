import Foundation
import Imaging

/// An out-of-focus highlight: a soft disc, brighter at its rim like a real lens's.
struct BokehDisc {
    let x: Double
    let y: Double
    let radius: Double
    let strength: Double
    let colour: (Double, Double, Double)

    /// Whether the disc, and a margin around it, stays off the person (`matte` under 0.05 at its
    /// centre and on two rings, half-way and just outside its rim). A disc behind the person is
    /// hidden only where the matte is opaque: through its soft edge (an ear, hair) the disc
    /// showed as a coloured tint over the person (one sat on Obama's jaw in the dynamic portrait).
    func isClear(of matte: SubjectMatte) -> Bool {
        guard matte.value(x: x, y: y) < 0.05 else { return false }
        for ring in [0.55, 1.15] {
            for k in 0..<16 {
                let angle = Double(k) * .pi / 8
                let (px, py) = (x + ring * radius * cos(angle), y + ring * radius * sin(angle))
                if matte.value(x: px, y: py) >= 0.05 { return false }
            }
        }
        return true
    }

    /// Up to `count` discs from `make`, each drawn again (at most 8 times) while it would sit on
    /// the person (`isClear(of:)`), and left out if it still does; all of them without a matte.
    static func placed(_ count: Int, clearOf matte: SubjectMatte?, make: () -> BokehDisc) -> [BokehDisc] {
        (0..<count).compactMap { _ in
            for _ in 0..<8 {
                let disc = make()
                if matte.map(disc.isClear(of:)) ?? true { return disc }
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
