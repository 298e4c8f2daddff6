import Foundation
import Testing

@testable import Providers

/// The key light models the person's shape, the matte read as a height: a disc lit from the left
/// is brighter on its left edge than in its middle, darker on its right edge, and the backdrop
/// around it is left alone.
struct ShapeLightTests {
    @Test(arguments: [-1.0, 1.0])
    func theSideTurnedToTheKeyIsBrighterAndTheOtherFallsOff(keySide: Double) throws {
        let grid = SmoothField(canvasWidth: 400, canvasHeight: 400, step: 4)  // 100 × 100 points
        let (w, centre, radius) = (grid.gridWidth, 50.0, 30.0)
        let disc = (0..<(w * grid.gridHeight)).map { i -> Double in
            let (row, column) = i.quotientAndRemainder(dividingBy: w)
            let d =
                ((Double(column) - centre) * (Double(column) - centre) + (Double(row) - centre) * (Double(row) - centre))
                .squareRoot()
            return max(0, min(1, radius + 0.5 - d))
        }
        let shading = try StudioLighting.shapeShading(opacity: disc, grid: grid, pointsPerUnit: 12, keySide: keySide)
        func at(_ column: Int, _ row: Int = 50) -> Double { shading[row * w + column] }
        let (keyEdge, farEdge) = keySide < 0 ? (at(24), at(76)) : (at(76), at(24))
        #expect(abs(at(50) - 1) < 0.02, "the middle faces the camera: \(at(50))")
        #expect(keyEdge > 1.15, "the edge turned to the key: \(keyEdge)")
        #expect(farEdge < 0.6, "the edge turned away: \(farEdge)")
        #expect(
            at(50, 23) > at(50, 77) && at(50, 23) > 1,
            "lit a little from above: top \(at(50, 23)), bottom \(at(50, 77))")
        #expect(at(5) == 1 && at(95) == 1, "the backdrop is not the person's to shade")
    }
}
