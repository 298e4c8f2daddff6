import CVipsShim
import Testing

@testable import Imaging

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

    @Test(arguments: [1, 3, 4])
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

    @Test func blendingThroughAMaskMatchesLibvips() throws {
        let (a, b) = (try Self.picture(seed: 2), try Self.picture(seed: 5))
        let mask = try Self.picture(bands: 1, seed: 3)
        let ours = try #require(try a.blendedBytes(over: b, mask: mask))
        // libvips mixes in floats and truncates; the pass rounds.
        #expect(try Self.differences(ours, try a.blendedByLibvips(over: b, mask: mask)).worst <= 1)
        // The mask's ends show one picture or the other, exactly.
        let white = try EditableImage(width: 120, height: 80, bands: 1, bytes: .init(repeating: 255, count: 9600))
        let black = try EditableImage(width: 120, height: 80, bands: 1, bytes: .init(repeating: 0, count: 9600))
        #expect(try Self.differences(try #require(try a.blendedBytes(over: b, mask: white)), a).worst == 0)
        #expect(try Self.differences(try #require(try a.blendedBytes(over: b, mask: black)), b).worst == 0)
    }

    @Test(arguments: [2.0, 8.0, 30.0])
    func theWeightedBlurMatchesLibvipsChain(sigma: Double) throws {
        let image = try Self.picture()
        let weights = try Self.picture(bands: 1, seed: 6)
        let fallback = try EditableImage.solid(width: 120, height: 80, red: 128, green: 100, blue: 60)
        let ours = try #require(
            try image.weightedBlurBytes(
                weights: weights, sigma: sigma, fallback: fallback, floor: EditableImage.weightFloor))
        let theirs = try image.weightedBlurByLibvips(weights: weights, sigma: sigma, fallback: fallback)
        // The same Gaussian, cut where libvips cuts it; libvips truncates where the pass rounds
        // (half a level on average) and blurs in its own order (measured: at most 3 levels).
        let (worst, mean) = try Self.differences(ours, theirs)
        #expect(mean < 0.7 && worst <= 4, "mean \(mean), largest \(worst)")
    }
}
