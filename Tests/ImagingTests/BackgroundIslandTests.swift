import Imaging
import Testing

/// `Matting.dropIslands` on scenes drawn here: a "person" (a brown disc, opacity 1) before a navy
/// background with yellow shapes, like a sign's letters. What the rule must take (a yellow letter
/// the matte kept at the person's edge) and what it must leave (a soft edge fading into the
/// background, a thin rim of light, a colour the person wears too).
@Suite("Pieces of the background kept at the person's edge")
struct BackgroundIslandTests {
    static let side = 400
    static let rules = Matting.IslandRules(band: 40, depth: 8, reach: 150, leastArea: 20, contrast: 20)
    static let navy: (UInt8, UInt8, UInt8) = (30, 40, 70)
    static let yellow: (UInt8, UInt8, UInt8) = (230, 200, 40)
    static let brown: (UInt8, UInt8, UInt8) = (120, 50, 25)
    /// The person: a disc here, of this radius.
    static let centre = (x: 200.0, y: 260.0)
    static let radius = 120.0

    /// A scene: its pixels and the matte a model would give (the person, plus whatever `kept` adds).
    struct Scene {
        var pixels: [UInt8]
        var alpha: [Float]

        init(background: (UInt8, UInt8, UInt8)) {
            pixels = [UInt8](repeating: 0, count: side * side * 3)
            alpha = [Float](repeating: 0, count: side * side)
            paint(background) { _, _ in true }
            // The sign's other letters, away from the person: yellow is a colour of the background.
            paint(yellow) { x, y in (20..<60).contains(x) && (20..<120).contains(y) }
            paint(yellow) { x, y in (330..<380).contains(x) && (30..<90).contains(y) }
            paint(brown, kept: true) { x, y in Self.inPerson(x, y) }
        }

        static func inPerson(_ x: Int, _ y: Int) -> Bool {
            let (dx, dy) = (Double(x) - centre.x, Double(y) - centre.y)
            return (dx * dx + dy * dy).squareRoot() < radius
        }

        mutating func paint(_ colour: (UInt8, UInt8, UInt8), kept: Bool = false, where inside: (Int, Int) -> Bool) {
            for y in 0..<side {
                for x in 0..<side where inside(x, y) {
                    let i = y * side + x
                    (pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]) = colour
                    if kept { alpha[i] = 1 }
                }
            }
        }

        /// Runs the rule; returns how many pixels went.
        mutating func dropped() throws -> Int {
            try Matting.dropIslands(
                from: &alpha, photo: RGBImage(width: side, height: side, pixels: pixels),
                limit: [UInt8](repeating: 255, count: side * side), rules: rules)
        }

        func opacity(_ x: Int, _ y: Int) -> Float { alpha[y * side + x] }

        /// How many pixels' opacity differs from `before`.
        func changed(since before: [Float]) -> Int { zip(alpha, before).filter { $0 != $1 }.count }
    }

    /// A yellow disc of radius 25 behind the person's top edge (half of it shows), which the
    /// matte kept.
    static func letter(_ scene: inout Scene) {
        scene.paint(yellow, kept: true) { x, y in
            let (dx, dy) = (Double(x) - 200, Double(y) - 140)
            return (dx * dx + dy * dy).squareRoot() < 25 && !Scene.inPerson(x, y)
        }
    }

    @Test func aLetterKeptAtTheEdgeGoes() throws {
        var scene = Scene(background: Self.navy)
        Self.letter(&scene)
        let dropped = try scene.dropped()
        #expect(dropped > 1000, "dropped \(dropped)")
        // The part of the letter beyond the person goes; the person stays, down to their edge.
        #expect(scene.opacity(200, 120) == 0 && scene.opacity(200, 135) == 0)
        #expect(scene.opacity(200, 150) == 1 && scene.opacity(200, 260) == 1)
        #expect(scene.opacity(120, 260) == 1)
    }

    @Test func aColourThePersonWearsStays() throws {
        var scene = Scene(background: Self.navy)
        Self.letter(&scene)
        // A yellow scarf deep inside the person: yellow is theirs too.
        scene.paint(Self.yellow) { x, y in (170..<230).contains(x) && (300..<340).contains(y) }
        #expect(try scene.dropped() == 0)
        #expect(scene.opacity(200, 120) == 1)
    }

    @Test func aSoftEdgeFadingIntoTheBackgroundStays() throws {
        // Pale hair on a pale wall: the top 20 rows of the person have the wall's colour, and the
        // next 40 fade to brown. The pale top is thick, has the background's colour and none of
        // the person's, but no hard edge parts it from the person.
        let wall: (UInt8, UInt8, UInt8) = (228, 226, 220)
        var scene = Scene(background: wall)
        for y in 140..<200 {
            let t = min(1, Double(200 - y) / 40)
            func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) * (1 - t) + Double(b) * t).rounded()) }
            scene.paint((mix(Self.brown.0, wall.0), mix(Self.brown.1, wall.1), mix(Self.brown.2, wall.2))) { x, yy in
                yy == y && Scene.inPerson(x, yy)
            }
        }
        let before = scene.alpha
        #expect(try scene.dropped() == 0)
        #expect(scene.changed(since: before) == 0)
    }

    @Test func aThinRimOfLightStays() throws {
        // A yellow rim three pixels wide along the person's top edge (a rim light, or the edge's
        // blend), thinner than the rule's depth.
        var scene = Scene(background: Self.navy)
        scene.paint(Self.yellow) { x, y in
            let (dx, dy) = (Double(x) - Self.centre.x, Double(y) - Self.centre.y)
            let r = (dx * dx + dy * dy).squareRoot()
            return r < Self.radius && r > Self.radius - 3 && y < 200
        }
        let before = scene.alpha
        #expect(try scene.dropped() == 0)
        #expect(scene.changed(since: before) == 0)
    }
}
