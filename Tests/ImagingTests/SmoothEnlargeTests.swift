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
}
