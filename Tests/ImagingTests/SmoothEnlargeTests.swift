import CVipsShim
import Testing

@testable import Imaging

/// The compositor's own operations: the bilinear enlargement of coarse grids (light maps,
/// backdrops, mattes) and laying a patch into a picture.
struct SmoothEnlargeTests {
    @Test func aGridIsEnlargedToTheExactSizeThroughItsPointsCentres() throws {
        // Two points side by side, one row: 0 and 200.
        let grid = EditableImage(greyWidth: 2, height: 1, pixels: [0, 200])
        let row = try grid.enlarged(toWidth: 8, height: 3).greyBytes()
        #expect(row.count == 24)
        let first = Array(row[0..<8])
        // Each grid point's value holds out to the edge from its pixel's centre, and between the
        // two centres (columns 1.5 and 5.5) the values rise in equal steps of 200 / 4.
        #expect(first == [0, 0, 25, 75, 125, 175, 200, 200], "\(first)")
        // Every row of a one-row grid is the same.
        #expect(Array(row[8..<16]) == first && Array(row[16..<24]) == first)
    }

    @Test func colourGridsKeepTheirBandsAndTheirColours() throws {
        let grid = EditableImage(RGBImage(width: 2, height: 2, pixels: [255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255]))
        let big = try grid.enlarged(toWidth: 1280, height: 720)
        #expect(big.width == 1280 && big.height == 720 && big.bandCount == 3)
        let pixels = try big.rgb().pixels
        #expect(Array(pixels[0..<3]) == [255, 0, 0], "top stays red")
        let last = pixels.count - 3
        #expect(Array(pixels[last...]) == [0, 0, 255], "bottom stays blue")
        // Halfway down, half of each.
        let middle = 3 * (360 * 1280 + 640)
        #expect(abs(Int(pixels[middle]) - 128) <= 2 && abs(Int(pixels[middle + 2]) - 128) <= 2)
    }

    /// Each pixel is the bilinear mix of its four nearest grid points, worked out here pixel by
    /// pixel; the enlargement computes runs of pixels between two grid points at once, so this
    /// covers runs of every length, and gaps no pixel falls in (a grid wider than its output).
    @Test(arguments: [(7, 5, 61, 43), (7, 5, 5, 3), (3, 4, 100, 9), (1, 1, 4, 4)])
    func everyPixelMixesItsFourGridNeighbours(grid size: (Int, Int, Int, Int)) throws {
        let (gw, gh, width, height) = size
        let values: [UInt8] = (0..<(gw * gh * 3)).map { (i: Int) -> UInt8 in UInt8((i * 73 + i / 5 * 31) % 256) }
        let grid = EditableImage(RGBImage(width: gw, height: gh, pixels: values))
        let pixels = try grid.enlarged(toWidth: width, height: height).rgb().pixels
        func axis(_ i: Int, _ size: Int, _ grid: Int) -> (Int, Int, Double) {
            let centre: Double = (Double(i) + 0.5) * Double(grid) / Double(size) - 0.5
            let s = min(Double(grid - 1), max(0, centre))
            let j = min(Int(s), max(0, grid - 2))
            return (j, min(j + 1, grid - 1), s - Double(j))
        }
        var worst = 0
        for y in 0..<height {
            let (y0, y1, v) = axis(y, height, gh)
            for x in 0..<width {
                let (x0, x1, u) = axis(x, width, gw)
                for c in 0..<3 {
                    func at(_ gx: Int, _ gy: Int) -> Double { Double(values[3 * (gy * gw + gx) + c]) }
                    let top = at(x0, y0) * (1 - u) + at(x1, y0) * u
                    let bottom = at(x0, y1) * (1 - u) + at(x1, y1) * u
                    let expected = Int((top * (1 - v) + bottom * v).rounded())
                    worst = max(worst, abs(Int(pixels[3 * (y * width + x) + c]) - expected))
                }
            }
        }
        #expect(worst <= 1, "\(size): \(worst) levels off")
    }

    @Test func valuesBelowZeroSurviveTheEnlargement() throws {
        // A picture that is not 8-bit (a sum or a product before its cast) is enlarged in float:
        // a negative value must reach the later sum unclipped.
        let grid = EditableImage(greyWidth: 2, height: 2, pixels: [50, 50, 50, 50])
        let negative = EditableImage(
            try grid.vips.map("linear") { pointer in
                var (multiply, add) = (1.0, -100.0)
                return inflio_vips_linear_bands(pointer, &multiply, &add, 1, 0)
            })
        let enlarged = try negative.enlarged(toWidth: 16, height: 16)
        let base = EditableImage(greyWidth: 16, height: 16, pixels: [UInt8](repeating: 120, count: 256))
        let sum = try base.adding(enlarged).greyBytes()
        #expect(Set(sum) == [70], "120 − 50 everywhere, not 120: \(Set(sum))")
    }

    @Test func aPatchIsLaidInWhereAskedAndNothingElseChanges() throws {
        let canvas = try EditableImage.solid(width: 40, height: 30, red: 10, green: 20, blue: 30)
        let patch = try EditableImage.solid(width: 5, height: 4, red: 200, green: 100, blue: 0)
        let pixels = try canvas.inserting(patch, x: 12, y: 7).rgb()
        for y in 0..<30 {
            for x in 0..<40 {
                let i = 3 * (y * 40 + x)
                let inside = (12..<17).contains(x) && (7..<11).contains(y)
                let expected: [UInt8] = inside ? [200, 100, 0] : [10, 20, 30]
                #expect(Array(pixels.pixels[i..<(i + 3)]) == expected, "(\(x), \(y))")
            }
        }
    }

    /// A photo moved onto a wider canvas with its edges repeated: inside it the same pixels as
    /// the plain warp, past its left and right edges its first and last columns (the plain
    /// warp is black there), and the same under a rotation.
    @Test(arguments: [0.0, 0.3]) func aWarpRepeatsThePhotosEdgesPastThem(radians: Double) throws {
        // Each column its own colour, each row a little different, so a shifted copy shows.
        let (w, h) = (40, 30)
        var pixels: [UInt8] = []
        for y in 0..<h { for x in 0..<w { pixels += [UInt8(40 + 4 * x), UInt8(60 + 3 * y), 90] } }
        let photo = EditableImage(RGBImage(width: w, height: h, pixels: pixels))
        let map = AffineMap.similarity(scale: 1, radians: radians, tx: 30, ty: 15)
        let plain = try photo.warped(by: map, width: 100, height: 60).rgb()
        let extended = try photo.warpedExtendingEdges(by: map, width: 100, height: 60, margin: 120).rgb()
        let back = map.inverted!
        var (inside, outside) = (0, 0)
        for y in 0..<60 {
            for x in 0..<100 {
                let p = back.apply(x: Double(x), y: Double(y))
                let i = 3 * (y * 100 + x)
                if p.x > 2, p.y > 2, p.x < Double(w - 3), p.y < Double(h - 3) {
                    inside += 1
                    #expect(Array(plain.pixels[i..<(i + 3)]) == Array(extended.pixels[i..<(i + 3)]), "(\(x), \(y))")
                } else if p.x < -2 || p.x > Double(w + 2), p.y > 2, p.y < Double(h - 3) {
                    outside += 1
                    // The nearest column's colour: its red, and the row's green.
                    let column = p.x < 0 ? 0 : w - 1
                    #expect(abs(Int(extended.pixels[i]) - (40 + 4 * column)) <= 3, "(\(x), \(y))")
                    #expect(abs(Int(extended.pixels[i + 1]) - Int((60 + 3 * p.y).rounded())) <= 3, "(\(x), \(y))")
                    #expect(plain.pixels[i] == 0 && plain.pixels[i + 1] == 0, "the plain warp is black past the edge")
                }
            }
        }
        #expect(inside > 500 && outside > 500, "\(inside) inside, \(outside) outside")
    }
}
