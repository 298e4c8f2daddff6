import Foundation
import Imaging

/// What the model doubts is judged by its colour as well: a grid cell it gives between `unsure`
/// and `sure` whose colour is that of the background it is sure of nearby, and unlike the person
/// it is sure of nearby, is not the person (the sampling idea of Bayesian and robust matting, on
/// the coarse grid). The model's outline is a few of its 256 cells wide, and the guided filter
/// makes whatever it half-believes in opaque where the colours are flat: the red of the flag
/// beside obama-2's hair and neck, the wall and the woman's hair behind his neck, the curtain's
/// blue along biden-1's shoulder, the pale wall inside kit-harington-2's curls. A colour between
/// the two (a fringe of hair, a soft edge) is left as the model has it, and so is a colour the
/// person wears and the background has too (a white shirt before a white wall).
extension SubjectMatte {
    /// The model's opacity that counts as sure of the person, and of the background; under
    /// `unsure` the model is left alone; colours are looked for within `reach` eye distances. A
    /// cell goes where its colour lies nearer the background than `drop` of the way from it to
    /// the person's (the person 4 times as far off), and stays from `keep` on (1.5 times).
    static let colourJudging = (
        sure: 0.97, background: 0.05, unsure: 0.3, reach: 0.75, drop: 0.2, keep: 0.4, near: (low: 5.0, high: 10.0)
    )

    /// `probability` (canvas size, one band) lowered where the colour says background. `depths`
    /// are the grid points' depths inside the photo (`photoDepth`): past it, the canvas's black is
    /// neither the person's colour nor the background's.
    static func colourJudged(
        _ probability: EditableImage, photo: RGBImage, grid: SmoothField, depths: [Double], unit: Double
    ) throws -> EditableImage {
        precondition(probability.width == photo.width && probability.height == photo.height, "one opacity per pixel")
        let (gw, gh) = (grid.gridWidth, grid.gridHeight)
        let p = try probability.averaged(toWidth: gw, height: gh).greyBytes()
        let sure = UInt8(colourJudging.sure * 255)
        let background = UInt8(colourJudging.background * 255)
        let unsure = UInt8(colourJudging.unsure * 255)
        // Well inside the photo: a cell at its edge mixes in the black past it.
        let inPhoto = depths.map { $0 > Double(2 * step) }
        let judged = (0..<(gw * gh)).filter { p[$0] > unsure && p[$0] < sure && inPhoto[$0] }
        guard !judged.isEmpty else { return probability }
        let reach = max(2, Int((colourJudging.reach * unit / Double(step)).rounded()))
        // The samples lie on a lattice at most an eighth of the reach apart: a patch of
        // one colour is wider, and only their colours and the judged cells' are worked out.
        let every = max(1, reach / 8)
        var needed = [Bool](repeating: false, count: gw * gh)
        for y in stride(from: 0, to: gh, by: every) {
            for x in stride(from: 0, to: gw, by: every) { needed[y * gw + x] = true }
        }
        for i in judged { needed[i] = true }
        let lab = labGrid(photo, width: gw, height: gh, where: needed)
        var factor = [Double](repeating: 1, count: gw * gh)
        var changed = false
        for i in judged {
            let (row, column) = i.quotientAndRemainder(dividingBy: gw)
            var (toPerson, toBackground) = (Float.infinity, Float.infinity)
            // The lattice's first row and column within reach.
            let (top, left) = (max(0, row - reach), max(0, column - reach))
            for y in stride(from: (top + every - 1) / every * every, through: min(gh - 1, row + reach), by: every) {
                let dy = y - row
                for x in stride(
                    from: (left + every - 1) / every * every, through: min(gw - 1, column + reach), by: every)
                {
                    let dx = x - column
                    let j = y * gw + x
                    guard dx * dx + dy * dy <= reach * reach else { continue }
                    let isPerson = p[j] >= sure
                    guard inPhoto[j], isPerson || p[j] <= background else { continue }
                    let dl = lab[3 * j] - lab[3 * i]
                    let da = lab[3 * j + 1] - lab[3 * i + 1]
                    let db = lab[3 * j + 2] - lab[3 * i + 2]
                    let d = dl * dl + da * da + db * db
                    if isPerson { toPerson = min(toPerson, d) } else { toBackground = min(toBackground, d) }
                }
            }
            guard toPerson.isFinite, toBackground.isFinite else { continue }
            let (f, b) = (Double(toPerson.squareRoot()), Double(toBackground.squareRoot()))
            // 0 on the background's colour, 1 on the person's.
            let towardsPerson = b / max(1e-6, f + b)
            let byRatio = smoothstep(colourJudging.drop, colourJudging.keep, towardsPerson)
            // A colour the person has too is the person's, however near the background's is (a
            // dark suit beside the dark suit of the man behind: without this, holes in obama-2's).
            factor[i] = max(byRatio, 1 - smoothstep(colourJudging.near.low, colourJudging.near.high, f))
            changed = changed || factor[i] < 1
        }
        guard changed else { return probability }
        let weights = try grid.greyGrid(values: factor.map { $0 * 255 }).blurred(sigma: 1)
            .enlarged(toWidth: photo.width, height: photo.height).greyBytes()
        var bytes = try probability.greyBytes()
        // The weights are blurred over a grid point: what the model is sure of beside a lowered
        // cell is not lowered with it.
        for i in bytes.indices where weights[i] < 255 && bytes[i] < sure {
            bytes[i] = UInt8((Double(bytes[i]) * Double(weights[i]) / 255).rounded())
        }
        return EditableImage(greyWidth: photo.width, height: photo.height, pixels: bytes)
    }

    /// The photo's mean colour over each `needed` grid cell in CIELAB (D65), three values per cell,
    /// row by row (0 for the rest), through `CIELab`'s byte path (a grid of 80,000 cells cost a
    /// render about 10 ms through its `Double` initialiser).
    static func labGrid(_ photo: RGBImage, width: Int, height: Int, where needed: [Bool]) -> [Float] {
        let rgb = Matting.averaged(
            photo, left: 0, top: 0, width: photo.width, height: photo.height, toWidth: width, height: height)
        var lab = [Float](repeating: 0, count: 3 * width * height)
        for i in 0..<(width * height) where needed[i] {
            (lab[3 * i], lab[3 * i + 1], lab[3 * i + 2]) = CIELab.components(
                red: rgb.pixels[3 * i], green: rgb.pixels[3 * i + 1], blue: rgb.pixels[3 * i + 2])
        }
        return lab
    }
}
