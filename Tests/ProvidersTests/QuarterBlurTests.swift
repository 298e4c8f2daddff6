import Imaging
import Testing

@testable import Providers

/// The blur of the opacity carried past a photo's edge (`SubjectMatte.quarterBlurred`): a wide one
/// is made at a quarter size (at full size it cost a render up to a quarter of a second), a narrow
/// one or a picture too small to shrink at full size, where a quarter size would spread a pixel
/// over two or fail on a side under 4 pixels.
struct QuarterBlurTests {
    /// A soft-edged disc, 0-255, on a `side` × `side` grey picture.
    static func disc(side: Int) -> EditableImage {
        let centre = Double(side) / 2
        let pixels = (0..<(side * side)).map { i -> UInt8 in
            let (x, y) = (Double(i % side) + 0.5 - centre, Double(i / side) + 0.5 - centre)
            let r = (x * x + y * y).squareRoot() / (0.3 * Double(side))
            return UInt8(max(0, min(255, (1.5 - r) * 255)))
        }
        return EditableImage(greyWidth: side, height: side, pixels: pixels)
    }

    @Test func aWideBlurIsMadeAtAQuarterANarrowOneOrATinyPictureAtFullSize() {
        #expect(SubjectMatte.blurShrink(sigma: 8, width: 400, height: 300) == 4)
        #expect(SubjectMatte.blurShrink(sigma: 7.9, width: 400, height: 300) == 1)
        #expect(SubjectMatte.blurShrink(sigma: 20, width: 7, height: 300) == 1)
        #expect(SubjectMatte.blurShrink(sigma: 20, width: 300, height: 1) == 1)
    }

    /// At full size the result is libvips' own blur, to the byte; a 1-pixel side does not fail.
    @Test func aNarrowBlurIsTheFullSizeBlur() throws {
        let image = Self.disc(side: 64)
        let ours = try SubjectMatte.quarterBlurred(image, sigma: 3).greyBytes()
        #expect(ours == (try image.blurred(sigma: 3).greyBytes()))
        let line = EditableImage(greyWidth: 200, height: 1, pixels: .init(repeating: 200, count: 200))
        #expect(try SubjectMatte.quarterBlurred(line, sigma: 12).greyBytes().count == 200)
    }

    /// At a quarter size a wide blur stays close to the full-size one on a soft disc (what the
    /// carried opacity looks like), its size kept: 1 level at most measured, 3 allowed.
    @Test func aWideBlurAtAQuarterIsCloseToTheFullSizeOne() throws {
        let image = Self.disc(side: 256)
        let quarter = try SubjectMatte.quarterBlurred(image, sigma: 12)
        #expect(quarter.width == 256 && quarter.height == 256)
        let (ours, full) = (try quarter.greyBytes(), try image.blurred(sigma: 12).greyBytes())
        let worst = zip(ours, full).map { abs(Int($0) - Int($1)) }.max() ?? 0
        print("quarter-size blur against full size: worst \(worst) levels")
        #expect(worst <= 3, "worst \(worst)")
    }
}
