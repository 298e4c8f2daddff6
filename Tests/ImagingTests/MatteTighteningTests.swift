import Foundation
import Imaging
import Testing

/// `Matting.tighten` on a scene drawn here: a dark suit's shoulder (its top edge softened over a few
/// pixels, as a lens does) below a blue curtain, with a matte whose soft edge reaches 5 pixels
/// too far into the curtain, as the guided filter's does on biden-1's shoulder, where a blue line
/// stayed in front of the new backdrop.
@Suite("Drawing a soft edge in to the person's colours")
struct MatteTighteningTests {
    static let (width, height) = (160, 120)
    /// Where the shoulder's edge lies (its blend is 4 pixels wide round it), and where the matte
    /// puts it.
    static let edge = 60.0
    static let matteEdge = 55.0
    static let suit: [Double] = [40, 38, 45]
    static let curtain: [Double] = [30, 80, 200]
    static let box = 35
    /// Rows from above the picture: all of it is asked.
    static let everyRow = (from: -2.0, to: -1.0)

    /// The photo: curtain above the edge, suit below, blended linearly across 4 pixels. With
    /// `stripes`, the curtain is a flag's: 4-pixel stripes of `curtain` and of `stripes` in turn.
    static func photo(curtain: [Double] = curtain, stripes: [Double]? = nil) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let share = min(1, max(0, (Double(y) + 0.5 - edge) / 4 + 0.5))
            for x in 0..<width {
                let behind = (x / 4) % 2 == 1 ? stripes ?? curtain : curtain
                for c in 0..<3 {
                    pixels[3 * (y * width + x) + c] = UInt8((share * suit[c] + (1 - share) * behind[c]).rounded())
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// The matte: 0 well above its edge, 1 well below, a smoothstep 12 pixels wide round it.
    static func matte() -> [Float] {
        (0..<(width * height)).map { i in
            let t = min(1, max(0, (Double(i / width) + 0.5 - matteEdge) / 12 + 0.5))
            return Float(t * t * (3 - 2 * t))
        }
    }

    static func row(_ alpha: [Float], _ y: Int) -> Float { alpha[y * width + width / 2] }

    /// How much of the curtain the matte lays in front: its opacity summed over the pixels that
    /// are all curtain (above the blend).
    static func curtainKept(_ alpha: [Float]) -> Float {
        (0..<Int(edge - 2)).map { row(alpha, $0) }.reduce(0, +)
    }

    @Test func theCurtainAboveTheShoulderGoes() throws {
        var alpha = Self.matte()
        let before = Self.curtainKept(alpha)
        let lowered = try Matting.tighten(
            &alpha, photo: Self.photo(), rows: Self.everyRow, box: Self.box,
            leastSpan: 0.15)
        let after = Self.curtainKept(alpha)
        #expect(lowered > 0)
        #expect(before > 2, "the drawn matte keeps \(before) of the curtain")
        #expect(after < 0.1 * before, "curtain kept: \(before) → \(after)")
        // Across the blend, each row comes down towards the suit's share of its colour (the drawn
        // matte said 0.91–0.99 there): within 0.2 of it, as the person's mean near the edge still
        // holds some of the curtain (measured: 0.49 for 0.375, 0.80 for 0.625).
        for y in 58...60 {
            let share = min(1, max(0, (Double(y) + 0.5 - Self.edge) / 4 + 0.5))
            let (now, drawn) = (Double(Self.row(alpha, y)), Double(Self.row(Self.matte(), y)))
            #expect(
                abs(now - share) < 0.2 && now < drawn - 0.15, "row \(y): \(drawn) → \(now), the suit's share \(share)")
        }
    }

    /// Red and white stripes above the shoulder (a flag behind obama-1): their mean is a pink
    /// nobody wears, and along the line from it to the suit a red stripe reads as half suit
    /// (0.46: red smudges beside the shoulder). As a mix of the suit's colours and the flag's
    /// (a covariance spanning red to white), a red stripe is all flag.
    @Test func aFlagsStripesAboveTheShoulderGo() throws {
        var alpha = Self.matte()
        let photo = Self.photo(curtain: [200, 30, 40], stripes: [240, 240, 240])
        let before = Self.curtainKept(alpha)
        try Matting.tighten(&alpha, photo: photo, rows: Self.everyRow, box: Self.box, leastSpan: 0.15)
        let redColumn = { (alpha: [Float]) in (0..<Int(Self.edge - 2)).map { alpha[$0 * Self.width + 82] }.reduce(0, +)
        }
        let (redBefore, redAfter) = (redColumn(Self.matte()), redColumn(alpha))
        #expect(redBefore > 2 && redAfter < 0.1 * redBefore, "a red stripe's column: \(redBefore) → \(redAfter)")
        #expect(Self.curtainKept(alpha) < 0.1 * before, "curtain kept: \(before) → \(Self.curtainKept(alpha))")
        // The suit below the blend stays whole.
        #expect((Int(Self.edge) + 3..<Self.height).allSatisfy { Self.row(alpha, $0) == Self.row(Self.matte(), $0) })
    }

    @Test func itNeverRaisesTheMatte() throws {
        var alpha = Self.matte()
        try Matting.tighten(
            &alpha, photo: Self.photo(), rows: Self.everyRow, box: Self.box,
            leastSpan: 0.15)
        let original = Self.matte()
        #expect(alpha.indices.allSatisfy { alpha[$0] <= original[$0] })
    }

    /// Above the rows asked (the head, in the studio), the matte is left as it is; it is drawn in
    /// fully only from the second row given.
    @Test func onlyBelowTheRowsAsked() throws {
        var alpha = Self.matte()
        try Matting.tighten(
            &alpha, photo: Self.photo(), rows: (Self.edge + 4, Self.edge + 14), box: Self.box, leastSpan: 0.15)
        #expect(alpha == Self.matte())
        var fading = Self.matte()
        try Matting.tighten(&fading, photo: Self.photo(), rows: (40, 60), box: Self.box, leastSpan: 0.15)
        var full = Self.matte()
        try Matting.tighten(&full, photo: Self.photo(), rows: Self.everyRow, box: Self.box, leastSpan: 0.15)
        #expect(Self.row(fading, 50) > Self.row(full, 50) && Self.row(fading, 50) < Self.row(Self.matte(), 50))
        // The rows above the range, soft and all curtain, are read for the means but not lowered.
        var below = Self.matte()
        try Matting.tighten(&below, photo: Self.photo(), rows: (52, 62), box: Self.box, leastSpan: 0.15)
        for y in 49...51 {
            #expect(Self.row(Self.matte(), y) > 0 && Self.row(below, y) == Self.row(Self.matte(), y), "row \(y)")
        }
        #expect(Self.row(below, 53) < Self.row(Self.matte(), 53))
    }

    /// A curtain within the photo's noise of the suit's colour (3–4 levels of 255 here) cannot
    /// be told from it: the matte stays. (Flat colours 10–15 levels apart, as this scene's were
    /// before the colour models, are told apart: nothing in a drawn scene is noise.)
    @Test func colourNearThePersonsIsLeftAlone() throws {
        var alpha = Self.matte()
        try Matting.tighten(
            &alpha, photo: Self.photo(curtain: [43, 41, 49]), rows: Self.everyRow, box: Self.box, leastSpan: 0.15)
        #expect(alpha == Self.matte())
    }
}
