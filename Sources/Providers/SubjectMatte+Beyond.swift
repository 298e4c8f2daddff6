import Foundation
import Imaging

/// Below the chin, a body that a photo's side or bottom edge cuts off inside the picture goes on
/// past that edge: the opacity at the edge is carried outwards (and the colours with it: the
/// framed photo's edge pixels repeated, `StudioRenderer.colours`), fading out over
/// `edgeFade.beyond` eye distances at the chest. Faded inside the photo instead, the body was a
/// translucent ghost of itself across its last eye distance (a tester's Biden, arms crossed, in
/// the environmental portrait's wide frame; his shoulder in the dynamic one), and cut there, a
/// hard vertical line. The model is not asked about what lies past the edge: continued, a second
/// person at the photo's edge (the woman beside obama-2) became a broad shape it believed in.
extension SubjectMatte {
    /// How far inside the photo's edge the opacity is read from: a seventh of an eye distance,
    /// and 3 pixels at least. The model, shown black past the edge, doubts the last pixels of a
    /// body (0.5 where it is sure a little farther in): read there, the body past the edge began
    /// with a step down, a vertical line.
    static func beyondInset(_ framing: StudioFraming) -> Double { max(3, framing.unit / 7) }

    /// How far the body's top falls for each pixel past the edge: read level, a shoulder that
    /// met the edge went on flat-topped (obama-2's thumbnail, looked at), a shelf, not a
    /// shoulder; at 0.6 (about 30°) it goes on sloping down, as shoulders do.
    static let beyondSlope = 0.6

    /// How much of the body rule holds at canvas row `y`: 0 down to the chin, 1 from the chest.
    static func bodyShare(_ y: Double, framing: StudioFraming) -> Double {
        smoothstep(edgeFade.from, edgeFade.to, framing.faceFrame(x: framing.eyeMid.x, y: y).y)
    }

    /// How far past the photo's edge the body goes on at row `y`, in canvas pixels.
    static func reachBeyond(_ y: Double, framing: StudioFraming) -> Double {
        edgeFade.beyond * bodyShare(y, framing: framing) * framing.unit
    }

    /// The opacity past the photo's edge, 0–1, of a point `depth` canvas pixels inside it
    /// (negative outside) at row `y`: 1 where the opacity is read, falling to 0 at
    /// `reachBeyond` past the edge.
    static func beyondFade(depth: Double, y: Double, framing: StudioFraming) -> Double {
        let reach = reachBeyond(y, framing: framing)
        guard reach > 1 else { return 0 }
        let inset = beyondInset(framing)
        return 1 - smoothstep(0, reach + inset, inset - depth)
    }

    /// `alpha` with the body carried past the photo's edges, and the pixels it raised (row by
    /// row; those within the read inset of the edge, inside the photo, among them). `depths` are the grid's
    /// `photoDepth`s: only the pixels near an edge that shows, and within reach past it, are
    /// visited (a debug build pays for every pixel it looks at).
    static func continued(_ alpha: [Float], depths: [Double], grid: SmoothField, framing: StudioFraming) -> (
        alpha: [Float], beyond: [Int]
    ) {
        let (width, height) = (framing.canvasWidth, framing.canvasHeight)
        var out = alpha
        var beyond: [Int] = []
        // A pixel's grid point is the one of its cell, under a step away: a margin of two steps.
        let margin = 2.0 * Double(step)
        let beyondInset = beyondInset(framing)
        for y in 0..<height {
            let reach = reachBeyond(Double(y), framing: framing)
            guard reach > 1 else { continue }
            for x in 0..<width {
                let near = depths[grid.index(x: Double(x), y: Double(y))]
                guard near < beyondInset + margin, near > beyondInset - reach - margin else { continue }
                let depth = framing.photoDepth(x: Double(x), y: Double(y))
                guard depth < beyondInset else { continue }
                let fade = beyondFade(depth: depth, y: Double(y), framing: framing)
                guard fade > 0 else { continue }
                // Read from a little higher the farther out: a shoulder goes on sloping down.
                let from = framing.nearestInPhoto(
                    x: Double(x), y: Double(y) - beyondSlope * max(0, beyondInset - depth), inset: beyondInset)
                let fx = min(width - 1, max(0, Int(from.x.rounded())))
                let fy = min(height - 1, max(0, Int(from.y.rounded())))
                // Only a body (its opacity mapped 0.4–0.9 to 0–1): the soft edge beside it (the
                // model's doubt, 0.1–0.4) carried out was a faint grey block beside an arm past a
                // tilted photo's edge.
                let carried = Float(smoothstep(0.4, 0.9, Double(alpha[fy * width + fx]))) * Float(fade)
                let i = y * width + x
                if carried > out[i] + 1.0 / 255 {
                    out[i] = carried
                    beyond.append(i)
                }
            }
        }
        return (out, beyond)
    }

    /// Grid `values` (the person's own outline, unfaded) carried past the photo's edge as
    /// `continued` carries the opacity, without its fade: the rim light follows the body's
    /// outline there, dimmed by the stored `edgeFade`.
    static func continuedOutline(_ values: [Double], depths: [Double], grid: SmoothField, framing: StudioFraming)
        -> [Double]
    {
        let inset = beyondInset(framing)
        return values.indices.map { i in
            let (x, y) = grid.point(i)
            guard depths[i] < inset, reachBeyond(y, framing: framing) > 1 else { return values[i] }
            let from = framing.nearestInPhoto(x: x, y: y, inset: inset + Double(step))
            return max(values[i], values[grid.index(x: from.x, y: from.y)])
        }
    }

    /// `photo` with the body's colours at `beyond` (pixels past the photo's edge): the repeated
    /// edge pixels (`extended`, asked for `blurShrink` times smaller than the canvas)
    /// averaged over a quarter of an eye distance, weighted by `alpha` (far from the body, the
    /// repeated edge itself). Repeated as they are, a suit's folds and pinstripes were streaks
    /// across the extension (a thumbnail's obama-2), and the background above a shoulder tinted
    /// its top; weighted by the opacity, only the person's colours are mixed in.
    static func softened(
        _ photo: RGBImage, by extended: (_ width: Int, _ height: Int) throws -> EditableImage, alpha: [Float],
        at beyond: [Int], unit: Double
    ) throws -> RGBImage {
        let (width, height) = (photo.width, photo.height)
        let sigma = 0.25 * unit
        let shrink = blurShrink(sigma: sigma, width: width, height: height)
        let small = (width / shrink, height / shrink)
        let edges = try extended(small.0, small.1)
        let weight = try mask(alpha, width: width, height: height).averaged(toWidth: small.0, height: small.1)
        func spread(_ image: EditableImage) throws -> EditableImage {
            try image.blurred(sigma: sigma / Double(shrink)).enlarged(toWidth: width, height: height)
        }
        // Rounded, as the weights are: truncated, the mean came out up to four levels darker where
        // the weight is small (half a level, times 255 over a weight of 32).
        let weighted = try spread(edges.multiplied(by: weight, scale: 1.0 / 255, add: [0.5])).rgb()
        let weights = try spread(weight).greyBytes()
        let edge = try edges.enlarged(toWidth: width, height: height).rgb()
        var out = photo
        // Far from the body the weight is small and its 8 bits coarse (a weight of 4 gives 64
        // levels): there the repeated edge shows through, as faint as the opacity is by then.
        for i in beyond {
            let w = Int(weights[i])
            let trust = min(1, Double(w) / 32)
            for c in 0..<3 {
                let repeated = Double(edge.pixels[3 * i + c])
                let mean = w > 0 ? Double(min(255, (Int(weighted.pixels[3 * i + c]) * 255 + w / 2) / w)) : repeated
                out.pixels[3 * i + c] = UInt8((repeated + trust * (mean - repeated)).rounded())
            }
        }
        return out
    }

    /// A Gaussian blur of `sigma` canvas pixels, made on a picture `blurShrink` times smaller
    /// and enlarged.
    static func quarterBlurred(_ image: EditableImage, sigma: Double) throws -> EditableImage {
        let (width, height) = (image.width, image.height)
        let shrink = blurShrink(sigma: sigma, width: width, height: height)
        guard shrink > 1 else { return try image.blurred(sigma: sigma) }
        return try image.averaged(toWidth: width / shrink, height: height / shrink)
            .blurred(sigma: sigma / Double(shrink)).enlarged(toWidth: width, height: height)
    }

    /// How much smaller a blur of `sigma` canvas pixels is made: a wide one at a quarter size (at
    /// full size a blur of a tenth of an eye distance cost a render 95–254 ms, a one-off timer
    /// in a release build; one that wide leaves nothing finer than the quarter size shows). A
    /// narrow one (a small face's), or a picture too small to shrink, at full size: at a quarter,
    /// the averaging and the enlargement alone spread a pixel over two.
    static func blurShrink(sigma: Double, width: Int, height: Int) -> Int {
        sigma >= 8 && width >= 8 && height >= 8 ? 4 : 1
    }
}
