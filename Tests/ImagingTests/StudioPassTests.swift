import Testing

@testable import Imaging

/// The studio's full-size passes written in C (`inflio_studio.c`) and the coarse wide blur:
/// each must do what the chain of libvips operations it replaced did.
struct StudioPassTests {
    /// A vertical edge from dark grey to light grey, with a colour cast so fringes would show.
    static func edge(width: Int = 64, height: Int = 16) -> EditableImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = 3 * (y * width + x)
                let (r, g, b): (UInt8, UInt8, UInt8) = x < width / 2 ? (70, 60, 50) : (170, 160, 150)
                pixels[i] = r
                pixels[i + 1] = g
                pixels[i + 2] = b
            }
        }
        return EditableImage(RGBImage(width: width, height: height, pixels: pixels))
    }

    @Test func sharpeningSteepensAnEdgeWithinItsCapsAndLeavesFlatAreasAlone() throws {
        let source = try Self.edge().rgb()
        let sharp = try Self.edge().sharpened(sigma: 1, amount: 2).rgb()
        func pixel(_ image: RGBImage, _ x: Int) -> [Int] {
            let i = 3 * (8 * image.width + x)
            return (0..<3).map { Int(image.pixels[i + $0]) }
        }
        // Far from the edge: unchanged to the byte.
        for x in [0, 10, 50, 63] { #expect(pixel(sharp, x) == pixel(source, x), "column \(x)") }
        // Beside it: the dark side darker, the light side lighter (overshoot), and every channel
        // moved by the same amount, so the colour cast is kept (no fringe).
        let dark = zip(pixel(sharp, 31), pixel(source, 31)).map { $0 - $1 }
        let light = zip(pixel(sharp, 32), pixel(source, 32)).map { $0 - $1 }
        #expect(dark[0] < -5 && Set(dark).count == 1, "\(dark)")
        #expect(light[0] > 5 && Set(light).count == 1, "\(light)")
        // libvips' caps: at most 10 L* lighter and 20 L* darker (25.5 and 51 in 0–255).
        #expect(light[0] <= 26 && dark[0] >= -51, "\(light) \(dark)")
    }

    @Test func gradingAndLightingInOnePassMatchesTheChainItReplaced() throws {
        let image = Self.edge()
        let matrix = [[1.1, 0.05, -0.1], [0.0, 0.95, 0.05], [-0.05, 0.1, 0.9]]
        // A light map that varies across the picture: 96 (darker) to 200 (brighter), per channel.
        var light = [UInt8](repeating: 0, count: 64 * 16 * 3)
        for i in 0..<(64 * 16) {
            let x = i % 64
            light[3 * i] = UInt8(96 + x)
            light[3 * i + 1] = UInt8(100 + x)
            light[3 * i + 2] = UInt8(140 + x)
        }
        let map = EditableImage(RGBImage(width: 64, height: 16, pixels: light))
        let offsets = [3.0, -2.0, 5.0]
        let fused = try image.graded(matrix, light: map, scale: 1.0 / 128, add: offsets).rgb().pixels
        let chain = try image.recombined(matrix).multiplied(by: map, scale: 1.0 / 128, add: offsets).rgb().pixels
        let worst = zip(fused, chain).map { abs(Int($0) - Int($1)) }.max() ?? 0
        // libvips truncates where the pass rounds, at both steps, and the first step's difference
        // is scaled by the light (up to 1.6 here): at most 3 levels apart.
        #expect(worst <= 3, "largest difference \(worst)")
    }

    @Test func aWideWeightedBlurFillsTheGapFromItsSurroundings() throws {
        // The left half red, the right half blue; the weights ignore a band in the middle.
        let (width, height) = (120, 80)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var weights = [UInt8](repeating: 255, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                if x < 60 { pixels[3 * i] = 200 } else { pixels[3 * i + 2] = 200 }
                if (50..<70).contains(x) { weights[i] = 0 }
            }
        }
        let image = EditableImage(RGBImage(width: width, height: height, pixels: pixels))
        let mask = EditableImage(greyWidth: width, height: height, pixels: weights)
        let grey = try EditableImage.solid(width: width, height: height, red: 128, green: 128, blue: 128)
        func at(_ out: RGBImage, _ x: Int) -> [UInt8] {
            Array(out.pixels[(3 * (40 * width + x))..<(3 * (40 * width + x) + 3)])
        }
        // σ 30 runs on a picture shrunk ten times: it reaches across the gap and fills it with
        // the colours on either side, no grey fallback.
        let wide = try image.weightedBlur(weights: mask, sigma: 30, fallback: grey).rgb()
        #expect(wide.width == width && wide.height == height)
        #expect(at(wide, 2)[0] > at(wide, 2)[2] && at(wide, 117)[2] > at(wide, 117)[0], "\(at(wide, 2))")
        #expect(Int(at(wide, 60)[0]) + Int(at(wide, 60)[2]) > 150 && at(wide, 60)[1] < 40, "\(at(wide, 60))")
        // σ 2 at full size cannot reach the gap's middle (5 σ away): the fallback shows there,
        // and the photo's own colours where the weights are whole (the fallback weighs 2 % there).
        let narrow = try image.weightedBlur(weights: mask, sigma: 2, fallback: grey).rgb()
        #expect(at(narrow, 60) == [128, 128, 128], "\(at(narrow, 60))")
        #expect(at(narrow, 20)[0] >= 196 && at(narrow, 20)[2] <= 4, "\(at(narrow, 20))")
        #expect(at(narrow, 100)[2] >= 196 && at(narrow, 100)[0] <= 4, "\(at(narrow, 100))")
    }
}
