import Foundation
import Imaging

/// The photo's own background as a backdrop: the person and a margin around them are left out,
/// the rest is blurred so heavily that only its colours and light remain (a shallow depth of
/// field), then toned. Done on coarse grids: after such a blur, nothing finer survives anyway.
enum StudioSurroundings {
    static func make(
        _ tone: StudioBackdrop.Tone, photo: EditableImage, framing: StudioFraming, shape: SubjectShape,
        matte: SubjectMatte,
        keySide: Double, field: SmoothField, random: inout SeededGenerator
    ) throws -> EditableImage {
        let small = try photo.averaged(toWidth: field.gridWidth, height: field.gridHeight).materialized()
        let weights = field.values { x, y in
            let (fx, fy) = framing.faceFrame(x: x, y: y)
            // Away from the outline guess (so never the face) and from what the matte kept.
            let away = smoothstep(0.4, 1.4, shape.distance(x: fx, y: fy)) * (1 - matte.value(x: x, y: y))
            let inPhoto = smoothstep(8, 8 + 0.3 * framing.unit, framing.photoDepth(x: x, y: y))
            return 255 * away * inPhoto
        }
        let pixels = try small.rgb().pixels
        var sums = [0.0, 0.0, 0.0]
        var total = 0.0
        for (i, w) in weights.enumerated() where w > 0 {
            for band in 0..<3 { sums[band] += w * Double(pixels[3 * i + band]) }
            total += w
        }
        let mean = total > 0 ? sums.map { $0 / total } : [110, 110, 110]
        // Push-pull: each blur, from the widest to the narrowest (5% of the height), falls back
        // to the wider one where it finds nothing, so gaps fill with the nearest colours.
        let mask = field.greyGrid(values: weights)
        var blurred = field.colourGrid { _, _ in (mean[0], mean[1], mean[2]) }
        for share in [0.4, 0.2, 0.1, 0.05] {
            blurred = try small.weightedBlur(weights: mask, sigma: share * Double(field.gridHeight), fallback: blurred)
                .materialized()
        }
        var toned = try tone.apply(to: blurred)
        if case .golden(let hueShift) = tone {
            // Sun and bokeh on a finer grid (discs need the detail), still far below canvas size.
            let fine = SmoothField(canvasWidth: field.canvasWidth, canvasHeight: field.canvasHeight, step: 4)
            toned = try toned.enlarged(toWidth: fine.gridWidth, height: fine.gridHeight)
                .multiplied(by: sunlight(grid: fine, keySide: keySide), scale: 1.0 / 128)
                .adding(bokeh(grid: fine, keySide: keySide, hueShift: hueShift, clearOf: matte, random: &random))
                .materialized()
        }
        return try toned.enlarged(toWidth: field.canvasWidth, height: field.canvasHeight)
    }

    /// Late sun behind the person on the key side: amber there, fading to shaded foliage green
    /// elsewhere, whatever colours the photo's own surroundings had (a light map, 128 = unchanged).
    static func sunlight(grid: SmoothField, keySide: Double) -> EditableImage {
        let (width, height) = (Double(grid.canvasWidth), Double(grid.canvasHeight))
        let (sx, sy) = (width * (0.5 + 0.45 * keySide), height * 0.05)
        let reach = 0.8 * max(width, height)
        return grid.colourGrid { x, y in
            let t = exp(-((x - sx) * (x - sx) + (y - sy) * (y - sy)) / (reach * reach))
            return (128 * (0.5 + 0.72 * t), 128 * (0.68 + 0.36 * t), 128 * (0.4 + 0.38 * t))
        }
    }

    /// Soft discs of out-of-focus highlights, brighter at their rim like a real lens's, gathered
    /// towards the sun: sunlit leaves seen through a wide aperture. None on the person
    /// (`BokehKeepOut`).
    static func bokeh(
        grid: SmoothField, keySide: Double, hueShift: Double, clearOf matte: SubjectMatte?,
        random: inout SeededGenerator
    ) -> EditableImage {
        let (width, height) = (Double(grid.canvasWidth), Double(grid.canvasHeight))
        let discs = BokehDisc.placed(16, clearOf: matte) {
            let across = pow(random.unit(), 0.7)  // more of them on the sun's side
            return BokehDisc(
                x: width * (0.5 + keySide * (across - 0.35)), y: random.unit() * height * 0.75,
                radius: (0.015 + 0.05 * random.unit()) * height, strength: 0.05 + 0.14 * random.unit(),
                colour: StudioBackdrop.hsv(
                    hue: 50 + hueShift + 25 * random.signed(), saturation: 0.35 + 0.35 * random.unit(), value: 1))
        }
        return BokehDisc.drawn(discs, on: grid)
    }
}

extension StudioBackdrop.Tone {
    /// Duotone mixed with the original: each channel becomes mix · (dark + (bright − dark) · lifted
    /// luma / 255) + (1 − mix) · itself, one colour matrix and one offset.
    func apply(to image: EditableImage) throws -> EditableImage {
        let (dark, bright, mix, lift, gain):
            ((Double, Double, Double), (Double, Double, Double), Double, Double, Double) =
                switch self {
                case .golden(let shift):
                    (
                        StudioBackdrop.hsv(hue: 95 + shift, saturation: 0.6, value: 0.2),
                        StudioBackdrop.hsv(hue: 42 + shift / 2, saturation: 0.5, value: 1), 0.65, 30, 0.75
                    )
                }
        let luma = RGBImage.lumaWeights
        let darks = [dark.0, dark.1, dark.2]
        let spans = [bright.0 - dark.0, bright.1 - dark.1, bright.2 - dark.2]
        let matrix = (0..<3).map { row in
            (0..<3).map { column in mix * spans[row] / 255 * gain * luma[column] + (row == column ? 1 - mix : 0) }
        }
        let offsets = (0..<3).map { mix * (darks[$0] + spans[$0] * lift / 255) }
        return try image.recombined(matrix).adjusted(multiply: [1, 1, 1], add: offsets)
    }
}
