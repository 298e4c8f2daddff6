import CVipsShim
import Testing

@testable import Imaging

extension EditableImage {
    /// A picture of `bands` interleaved 8-bit bands, row by row.
    init(width: Int, height: Int, bands: Int, bytes: [UInt8]) throws {
        precondition(bytes.count == width * height * bands, "one byte per band and pixel")
        try VipsRuntime.ensureStarted()
        let pointer = bytes.withUnsafeBytes { raw in
            inflio_vips_from_pixels(raw.baseAddress, raw.count, Int32(width), Int32(height), Int32(bands))
        }
        self.init(try VipsImage.checked(pointer, "from pixels"))
    }
}

/// The 8-bit passes written in C (`EditableImage+Bytes`): each must give what the libvips
/// operations it stands in for give, and a picture that is not 8-bit must still be served.
struct BytePassTests {
    /// A picture with smooth gradients and a hard-edged block, `bands` bands, varied per band.
    static func picture(width: Int = 120, height: Int = 80, bands: Int = 3, seed: Int = 0) throws -> EditableImage {
        var bytes = [UInt8](repeating: 0, count: width * height * bands)
        for y in 0..<height {
            for x in 0..<width {
                for band in 0..<bands {
                    let ramp = (x * 2 + y * (band + 1) + seed * 37) % 256
                    let block = (30..<60).contains(x) && (20..<50).contains(y) ? 90 : 0
                    bytes[(y * width + x) * bands + band] = UInt8((ramp + block) % 256)
                }
            }
        }
        return try EditableImage(width: width, height: height, bands: bands, bytes: bytes)
    }

    static func differences(_ a: EditableImage, _ b: EditableImage) throws -> (worst: Int, mean: Double) {
        let (x, y) = (try a.withBandBytes { Array($0) }, try b.withBandBytes { Array($0) })
        #expect(x.count == y.count)
        let d = zip(x, y).map { abs(Int($0) - Int($1)) }
        return (d.max() ?? 0, Double(d.reduce(0, +)) / Double(max(1, d.count)))
    }

    @Test(arguments: [1, 2, 3, 4])
    func averagingWholeBlocksMatchesLibvipsShrink(bands: Int) throws {
        let image = try Self.picture(bands: bands)
        let ours = try #require(try image.averagedBytes(toWidth: 30, height: 20))
        let theirs = try image.averagedByLibvips(toWidth: 30, height: 20)
        #expect((ours.width, ours.height) == (30, 20))
        // Four by four blocks: the same means, rounded the same way or one level apart.
        #expect(try Self.differences(ours, theirs).worst <= 1)
    }

    @Test func averagingByAFractionalFactorKeepsTheMeans() throws {
        // 120×80 to 50×35: libvips shrinks by whole pixels and then resamples (lanczos), the C
        // pass averages blocks of 2 or 3 pixels. Both are the picture's local means.
        let image = try Self.picture()
        let ours = try #require(try image.averagedBytes(toWidth: 50, height: 35))
        let theirs = try image.averagedByLibvips(toWidth: 50, height: 35)
        let (ourMeans, theirMeans) = (try ours.bandMeans(), try theirs.bandMeans())
        for band in 0..<3 { #expect(abs(ourMeans[band] - theirMeans[band]) < 1.5, "\(ourMeans) \(theirMeans)") }
    }

    @Test func aPictureThatIsNotEightBitIsAveragedByLibvips() throws {
        let image = try Self.picture()
        let floats = EditableImage(try image.vips.map("float") { inflio_vips_cast_float($0) })
        #expect(!floats.isBytes)
        #expect(try floats.averagedBytes(toWidth: 30, height: 20) == nil)
        let averaged = try floats.averaged(toWidth: 30, height: 20).rgb()
        let expected = try image.averaged(toWidth: 30, height: 20).rgb()
        let worst = zip(averaged.pixels, expected.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 1, "largest difference \(worst)")
    }

    @Test func addingClipsAt255AsLibvipsDoes() throws {
        let (a, b) = (try Self.picture(seed: 1), try Self.picture(seed: 4))
        let ours = try #require(try a.addedBytes(b))
        #expect(try Self.differences(ours, try a.addedByLibvips(b)).worst == 0)
        // Pictures of different bands are not the pass's: libvips adds them.
        #expect(try a.addedBytes(try Self.picture(bands: 1)) == nil)
    }

    /// Reflected light: the pass against the same formula in libvips (whose steps each truncate
    /// to 8 bits where the pass rounds once: 2 levels at most on these pictures); no mask adds
    /// nothing; on flat greys of 0, 100 and 200 the share is the floor's on black, rising with the
    /// grey's lightness. Pictures that are not RGB are refused.
    @Test func reflectedLightMatchesLibvipsAndScalesByMaskAndLightness() throws {
        let (image, light) = (try Self.picture(seed: 6), try Self.picture(seed: 7))
        let mask = try Self.picture(bands: 1, seed: 8)
        let ours = try #require(try image.addedReflectedBytes(light, mask: mask, floor: 0.3))
        #expect(try Self.differences(ours, try image.addedReflectedByLibvips(light, mask: mask, floor: 0.3)).worst <= 2)
        let none = try EditableImage(width: 120, height: 80, bands: 1, bytes: .init(repeating: 0, count: 9600))
        #expect(try Self.differences(try image.addingReflected(light, mask: none, floor: 0.3), image).worst == 0)
        let full = try EditableImage(width: 120, height: 80, bands: 1, bytes: .init(repeating: 255, count: 9600))
        // On a flat grey of v, the floor's share of the light on black, rising to all of it on white.
        let dim = try light.adjusted(multiply: [0.2], add: [0]).rgb().pixels
        for v in [0, 100, 200] {
            let flat = try EditableImage(
                width: 120, height: 80, bands: 3, bytes: .init(repeating: UInt8(v), count: 28800))
            let lit = try flat.addingReflected(
                try EditableImage(width: 120, height: 80, bands: 3, bytes: dim), mask: full, floor: 0.3
            ).rgb().pixels
            let share = 0.3 + 0.7 * Double(v) / 255
            #expect(
                zip(lit, dim).allSatisfy { abs(Int($0) - v - Int((Double($1) * share).rounded())) <= 1 }, "grey \(v)")
        }
        // Only RGB pictures: others are refused, not passed to libvips.
        let four = try Self.picture(bands: 4)
        #expect(throws: ImagingError.self) { try four.addingReflected(four, mask: mask, floor: 0.3) }
    }

    @Test func blendingThroughAMaskMatchesLibvips() throws {
        let (a, b) = (try Self.picture(seed: 2), try Self.picture(seed: 5))
        let mask = try Self.picture(bands: 1, seed: 3)
        let ours = try #require(try a.blendedBytes(over: b, mask: mask))
        // libvips blends 8-bit pictures in integers, rounding as the pass does.
        #expect(try Self.differences(ours, try a.blendedByLibvips(over: b, mask: mask)).worst == 0)
        // The mask's ends show one picture or the other, exactly.
        let white = try EditableImage(width: 120, height: 80, bands: 1, bytes: .init(repeating: 255, count: 9600))
        let black = try EditableImage(width: 120, height: 80, bands: 1, bytes: .init(repeating: 0, count: 9600))
        #expect(try Self.differences(try #require(try a.blendedBytes(over: b, mask: white)), a).worst == 0)
        #expect(try Self.differences(try #require(try a.blendedBytes(over: b, mask: black)), b).worst == 0)
    }

    /// The surroundings' grid (128×160, blurs of 64, 32 and 16 grid points, whose shrink factors
    /// leave a cut block at the edges) and a small picture whose factors divide it.
    @Test(arguments: [
        (120, 80, 2.0), (120, 80, 8.0), (120, 80, 30.0), (128, 160, 16.0), (128, 160, 32.0), (128, 160, 64.0),
    ])
    func theWeightedBlurMatchesLibvipsChain(width: Int, height: Int, sigma: Double) throws {
        let image = try Self.picture(width: width, height: height)
        let weights = try Self.picture(width: width, height: height, bands: 1, seed: 6)
        let fallback = try EditableImage.solid(width: width, height: height, red: 128, green: 100, blue: 60)
        let ours = try #require(
            try image.weightedBlurBytes(
                weights: weights, sigma: sigma, fallback: fallback, floor: EditableImage.weightFloor))
        let theirs = try image.weightedBlurByLibvips(weights: weights, sigma: sigma, fallback: fallback)
        // The same Gaussian, cut where libvips cuts it; libvips truncates where the pass rounds
        // (half a level on average) and blurs in its own order.
        let (worst, mean) = try Self.differences(ours, theirs)
        #expect(mean < 0.7 && worst <= 4, "mean \(mean), largest \(worst)")
    }

    @Test func whereNothingIsWeighedTheWeightedBlurShowsTheFallback() throws {
        // Weights only in the left tenth of a 128×160 grid: far from it, the fallback's colour.
        let (width, height) = (128, 160)
        let weights = try EditableImage(
            width: width, height: height, bands: 1,
            bytes: (0..<(width * height)).map { $0 % width < 12 ? 255 : 0 })
        let fallback = try EditableImage.solid(width: width, height: height, red: 128, green: 100, blue: 60)
        let blurred = try #require(
            try Self.picture(width: width, height: height).weightedBlurBytes(
                weights: weights, sigma: 8, fallback: fallback, floor: EditableImage.weightFloor)
        ).rgb()
        let far = 3 * (80 * width + 120)
        #expect(Array(blurred.pixels[far..<(far + 3)]) == [128, 100, 60])
    }

    @Test func aPassKeepsThePicturesColourSpace() throws {
        // Grey with alpha, transparent on the right half: the averaged picture is still grey with
        // alpha, so `rgb()` flattens it on white there (a picture labelled as plain bands would
        // show its grey).
        let rgba = EditableImage(
            rgbaWidth: 40, height: 20,
            pixels: (0..<(40 * 20)).flatMap { i -> [UInt8] in [60, 60, 60, i % 40 < 20 ? 255 : 0] })
        let greyAlpha = EditableImage(try rgba.vips.map("grey") { inflio_vips_to_grey($0) })
        #expect(greyAlpha.vips.hasAlpha && greyAlpha.vips.bands == 2)
        let averaged = try #require(try greyAlpha.averagedBytes(toWidth: 10, height: 5))
        #expect(averaged.vips.hasAlpha && averaged.vips.bands == 2)
        let flat = try averaged.rgb()
        #expect(Array(flat.pixels[0..<3]) == [60, 60, 60] && Array(flat.pixels[27..<30]) == [255, 255, 255])
    }
}
