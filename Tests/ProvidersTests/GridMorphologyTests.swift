import Testing

@testable import Providers

/// The running-maxima morphology gives what the plain definition gives: the largest (smallest)
/// value in the square around each cell, the square cut by the grid's edge.
@Suite("Grid morphology")
struct GridMorphologyTests {
    static func plain(_ values: [Double], width: Int, height: Int, radius: Int, largest: Bool) -> [Double] {
        (0..<(width * height)).map { i in
            let (x, y) = (i % width, i / width)
            var picked = values[i]
            for v in max(0, y - radius)...min(height - 1, y + radius) {
                for u in max(0, x - radius)...min(width - 1, x + radius) {
                    picked = largest ? max(picked, values[v * width + u]) : min(picked, values[v * width + u])
                }
            }
            return picked
        }
    }

    @Test(arguments: [(1, 1, 0), (1, 1, 2), (1, 9, 2), (9, 1, 3), (7, 5, 1), (13, 9, 2), (10, 16, 3), (5, 4, 6)])
    func matchesThePlainDefinition(width: Int, height: Int, radius: Int) {
        var random = SeededGenerator(seed: UInt64(width * 100 + height * 10 + radius))
        let values = (0..<(width * height)).map { _ in Double(random.index(below: 1000)) / 1000 }
        #expect(
            GridMorphology.dilated(values, width: width, height: height, radius: radius)
                == Self.plain(values, width: width, height: height, radius: radius, largest: true))
        #expect(
            GridMorphology.eroded(values, width: width, height: height, radius: radius)
                == Self.plain(values, width: width, height: height, radius: radius, largest: false))
    }

    /// Closing fills a gap narrower than the square and keeps a straight edge where it is.
    @Test func closingFillsANarrowGapAndKeepsTheEdge() {
        let (width, height) = (20, 12)
        // Filled below row 4, with a 3-cell-wide notch from the top edge of the fill down to row 8.
        let values = (0..<(width * height)).map { i -> Double in
            let (x, y) = (i % width, i / width)
            return y >= 4 && !(x >= 9 && x <= 11 && y <= 8) ? 1 : 0
        }
        let closed = GridMorphology.closed(values, width: width, height: height, radius: 2)
        #expect((5...8).allSatisfy { y in (9...11).allSatisfy { closed[y * width + $0] == 1 } }, "the notch is filled")
        #expect((0..<width).allSatisfy { closed[3 * width + $0] == 0 }, "nothing above the edge")
        #expect((0..<width).allSatisfy { closed[4 * width + $0] == 1 || (9...11).contains($0) }, "the edge stays")
    }
}
