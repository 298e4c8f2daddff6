import Imaging
import Testing

@testable import Providers

/// `SubjectMatte.colourJudged` on a made-up scene: a person sure on the left, a background sure
/// on the right, and between them a band the model half-believes in (0.7), in four rows: coloured
/// as the background (the flag's red beside obama-2's neck), as the person, as both (a white
/// shirt before a white wall), and as a mix of the two nearer the background (a soft edge).
@Suite("The model's doubt judged by colour")
struct ColourJudgingTests {
    static let (width, height) = (240, 240)
    static let skin: (UInt8, UInt8, UInt8) = (180, 120, 90)
    static let red: (UInt8, UInt8, UInt8) = (200, 30, 40)
    static let white: (UInt8, UInt8, UInt8) = (235, 235, 238)
    static let band = 100..<130
    /// A third of the way from the background's red to the person's skin.
    static let mixed: (UInt8, UInt8, UInt8) = (193, 60, 57)
    static let rows = 4

    /// The colour at (x, y): the person left of the band, the band, the background right of it,
    /// by quarter of the height.
    static func colour(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let inBand = band.contains(x)
        switch y / (height / rows) {
        case 0: return x < band.lowerBound ? skin : red
        case 1: return x < band.upperBound ? skin : red
        case 2: return white
        default: return x < band.lowerBound ? skin : inBand ? mixed : red
        }
    }

    static func judged() throws -> (before: [UInt8], after: [UInt8]) {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var probability = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                (pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]) = colour(x, y)
                probability[i] = x < band.lowerBound ? 255 : band.contains(x) ? 178 : 0
            }
        }
        let grid = SmoothField(canvasWidth: width, canvasHeight: height, step: SubjectMatte.step)
        let depths = [Double](repeating: 1000, count: grid.gridWidth * grid.gridHeight)
        let after = try SubjectMatte.colourJudged(
            EditableImage(greyWidth: width, height: height, pixels: probability),
            photo: RGBImage(width: width, height: height, pixels: pixels), grid: grid, depths: depths, unit: 100)
        return (probability, try after.greyBytes())
    }

    /// The mean over the band's middle columns, in rows `rows`.
    static func mean(_ values: [UInt8], rows: Range<Int>) -> Double {
        let columns = (band.lowerBound + 8)..<(band.upperBound - 8)
        let sum = rows.flatMap { y in columns.map { Double(values[y * width + $0]) } }.reduce(0, +)
        return sum / Double(rows.count * columns.count)
    }

    @Test func theBackgroundsColourGoesThePersonsStays() throws {
        let (before, after) = try Self.judged()
        let quarter = Self.height / Self.rows
        // Rows away from where the quarters meet (the weights are blurred over a grid point or two).
        let rows = (0..<Self.rows).map { ($0 * quarter + 12)..<(($0 + 1) * quarter - 12) }
        #expect(Self.mean(before, rows: rows[0]) == 178)
        #expect(Self.mean(after, rows: rows[0]) < 10, "the band coloured as the background")
        #expect(Self.mean(after, rows: rows[1]) > 175, "the band coloured as the person")
        #expect(Self.mean(after, rows: rows[2]) > 175, "the band coloured as both")
        let soft = Self.mean(after, rows: rows[3])
        #expect(soft > 20 && soft < 160, "the band of mixed colour, lowered but not gone: \(soft)")
        // What the model is sure of is not touched, even beside the band.
        for y in 0..<Self.height {
            for x in [50, Self.band.lowerBound - 1, Self.band.upperBound, 200] {
                #expect(after[y * Self.width + x] == before[y * Self.width + x], "(\(x), \(y))")
            }
        }
    }
}
