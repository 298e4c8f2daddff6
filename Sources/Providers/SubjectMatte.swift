import Faces
import Foundation
import Imaging

/// The person's opacity on the canvas, found by a person-segmentation model (MediaPipe's selfie
/// segmentation, `PersonSegmenter`), and the person's colours at its soft edge.
///
/// The model reads 256×256 pictures, so it is run twice: once on the whole canvas for the body's
/// outline, and once on a square head-and-shoulders crop placed from the eyes, where the hair gets
/// several times the resolution; the crop's answer wins inside it, fading to the whole one at its
/// inner sides. What the model doubts and is coloured as the background it is sure of nearby is
/// lowered (`colourJudged`). The probabilities are snapped to the photo's edges (a guided filter) and
/// contrast-stretched (a smoothstep), whatever is not joined to the person's face is dropped (a
/// second person behind them), so is what the model is unsure of away from what it is sure of
/// (a second person it joins to the subject, `nearSure`), and nothing beyond the photo's edge is
/// the model's: the head fades out at it, and below the chin a body it cuts off is carried past
/// it (`SubjectMatte+Beyond`). Below the chin the soft edge is drawn in to the person's colours
/// (`tightening`). At the
/// edge, the colours laid in front are re-estimated (`foreground()`) so the old background does
/// not tint the hair. docs/generation.md#the-matte has the measures.
struct SubjectMatte {
    let grid: SmoothField
    /// Opacity 0–1 at each grid point, row by row: for the light, the rim and the surroundings,
    /// which only need it coarse.
    let values: [Double]
    /// `values` without the photo edge's fade: the person's own outline, for the rim light (lit
    /// along the fade, a body cut by the photo's edge glowed in a band ending in a straight line).
    let outline: [Double]
    /// The photo edge's fade at each grid point, 0–1: 1 away from the photo's edges, falling to 0
    /// at them round the head, and past them as a body carried past fades (`beyondFade`).
    let edgeFade: [Double]
    /// Opacity 0–1 at each canvas pixel, row by row.
    let alpha: [Float]
    /// The framed photo's pixels the matte was found on.
    let photo: RGBImage
    /// The colours laid in front, and the edge colours are estimated from: `photo`, and where
    /// a body is carried past its edges the body's (`softened`).
    let colours: RGBImage
    /// The pixels of the body carried past the photo's edges (`continued`), row by row.
    let beyond: [Int]
    /// How many pixels the model was sure of were dropped as a piece of the background.
    let droppedIslandPixels: Int
    /// The framing's eye distance on the canvas (pixels): the unit of the rim light's reach.
    let unit: Double
    /// `alpha` as a one-band 8-bit picture, for blending.
    private let mask: EditableImage

    /// Canvas pixels per grid point.
    static let step = 4
    /// The head-and-shoulders crop's side in eye distances, and its centre below the eyes: from
    /// above the hair (eyes − 2.35) to the shoulders (eyes + 4.15).
    static let cropSide = 6.5
    static let cropCentreBelowEyes = 0.9
    /// How the photo's edge ends the person, in eye distances: round the head it fades over
    /// `head` inside the photo; from `from` eye distances below the eyes (the chin), fully from
    /// `to` (the chest), the body goes on past the edge instead, fading out over `beyond`
    /// (`SubjectMatte+Beyond`).
    static let edgeFade = (head: 0.25, from: 1.5, to: 3.0, beyond: 1.2)
    /// The guided filter that snaps the model's coarse outline to the photo's edges: its box (canvas
    /// pixels; the model's cells are about 4 of them) and its regularisation.
    static let guideBox = 17
    static let guideEps: Float = 0.004
    /// Drawing the soft edge in to the person's colours (`Matting.tighten`): from `from` eye
    /// distances below the eyes (under the chin), fully from `to`; the colours over a
    /// `box`-pixel box; the line between the means trusted fully where they are twice `span`
    /// apart. Not on the head: a short cut's grey hairs over a pale wall came out ragged.
    static let tightening = (from: 1.6, to: 2.2, box: 2 * guideBox + 1, span: Float(0.15))
    /// The smoothstep that makes the filtered probabilities an opacity.
    static let stretch: (low: Float, high: Float) = (0.2, 0.8)

    /// `colours`: makes the framed photo with its edge pixels repeated past its edges, on a
    /// picture of the canvas of the size asked (`StudioRenderer.colours`), the colours of a body
    /// carried past them, asked only when a body is; without it, what lies past the photo is the
    /// subject's (black).
    init(
        subject: EditableImage, framing: StudioFraming, segmenter: PersonSegmenter? = nil,
        colours subjectColours: ((_ width: Int, _ height: Int) throws -> EditableImage)? = nil
    ) throws {
        let segmenter = try segmenter ?? PersonSegmenter.shared()
        let (width, height) = (framing.canvasWidth, framing.canvasHeight)
        let grid = SmoothField(canvasWidth: width, canvasHeight: height, step: Self.step)
        self.grid = grid
        unit = framing.unit
        photo = try subject.rgb()
        let whole = (x: 0, y: 0, width: width, height: height)
        var probability = try Self.segmented(photo, whole, within: nil, by: segmenter)
        if let (crop, square) = Self.headCrop(framing: framing) {
            let head = try Self.segmented(photo, crop, within: square, by: segmenter)
                .placed(onCanvasWidth: width, height: height, x: crop.x, y: crop.y, red: 0, green: 0, blue: 0)
            let blended = try head.blended(over: probability, mask: Self.cropWeight(crop, width: width, height: height))
            probability = try Self.reconciled(blended, whole: probability, framing: framing)
        }
        let depths = (0..<(grid.gridWidth * grid.gridHeight)).map { i in
            framing.photoDepth(x: grid.point(i).x, y: grid.point(i).y)
        }
        // What the model doubts and is coloured as the background near it goes (`colourJudged`).
        probability = try Self.colourJudged(probability, photo: photo, grid: grid, depths: depths, unit: framing.unit)
        // Nothing beyond the photo here: the canvas there is black. The photo's edge fades over
        // `edgeFade.head` round the head (a hard line across hair is the photo's, not the
        // person's), narrowing to a step from the chin to the chest, where the body is carried
        // past the edge instead (`continued`, below).
        let edgeFade = depths.indices.map { i in
            let body = Self.bodyShare(grid.point(i).y, framing: framing)
            return smoothstep(2, 2 + max(1, Self.edgeFade.head * (1 - body) * framing.unit), depths[i])
        }
        let inPhoto = try grid.greyGrid(values: edgeFade.map { 255 * $0 }).enlarged(toWidth: width, height: height)
        let limit = try inPhoto.greyBytes()
        // Refined without the photo edge's fade first: who the person is is judged on the model's
        // opacity (below). Judged faded, a body that the photo's edge cuts off inside the picture
        // was "unsure" across the fade and cut there, a hard vertical line through the shoulders
        // (a tester's thumbnail of a narrow photo moved to the left).
        // (Loops over the buffers, not `map`: tests run a debug build, where a closure per pixel
        // of a 1024×1280 canvas cost a render about a third of a second: 340 ms for two such maps
        // against 29 ms for the loops, measured with `swiftc -Onone` on this machine under load.)
        var inside = limit
        inside.withUnsafeMutableBufferPointer { l in for i in 0..<l.count where l[i] > 0 { l[i] = 255 } }
        let unfadedAlpha = try Matting.refined(
            probability: try probability.greyBytes(), guide: photo, limit: inside,
            box: Self.guideBox, eps: Self.guideEps, low: Self.stretch.low, high: Self.stretch.high)
        var alpha = unfadedAlpha
        alpha.withUnsafeMutableBufferPointer { a in
            limit.withUnsafeBufferPointer { l in for i in 0..<a.count where l[i] < 255 { a[i] *= Float(l[i]) / 255 } }
        }
        // A piece of the background the model was sure of with the person (a sign's letter
        // touching the hair) goes: see `islandRules`.
        droppedIslandPixels = try Matting.dropIslands(
            from: &alpha, photo: photo, limit: limit, rules: Self.islandRules(unit: framing.unit))
        // Below the chin, the matte's soft edge is drawn in to the person's colours (a shoulder
        // over a blue curtain kept a blue line); see `tightening`.
        // (The canvas is levelled by the eyes, so "below the chin" is a row.)
        let row = { (belowEyes: Double) in framing.eyeMid.y + belowEyes * framing.unit }
        try Matting.tighten(
            &alpha, photo: photo, rows: (row(Self.tightening.from), row(Self.tightening.to)), box: Self.tightening.box,
            leastSpan: Self.tightening.span)
        var mask = Self.mask(alpha, width: width, height: height)
        var values = Matting.averaged(
            alpha, width: width, height: height, toWidth: grid.gridWidth, height: grid.gridHeight
        )
        .map(Double.init)
        // Keep only what is joined to the face (a second person or a person-like shape behind is
        // dropped), and of the unsure only what lies near the sure person (a second person the
        // model half-believes in and joins at an ear or a shoulder is dropped too).
        let seeds = (0..<values.count).map { i -> Bool in
            let (fx, fy) = framing.faceFrame(x: grid.point(i).x, y: grid.point(i).y)
            return fx * fx + (fy - 0.5) * (fy - 0.5) < 1
        }
        let unfaded = Matting.averaged(
            unfadedAlpha, width: width, height: height, toWidth: grid.gridWidth, height: grid.gridHeight
        )
        .map(Double.init)
        let joined = Self.joined(unfaded, to: seeds, width: grid.gridWidth)
        let near = Self.nearSure(
            unfaded, seeds: seeds, width: grid.gridWidth, unit: framing.unit / Double(Self.step),
            edgeFloor: Double(Self.guideBox) / Double(Self.step))
        // Where the photo's edge fades the person, only what the model is sure of stays: the
        // unsure there was the model's half-belief in a second person at the photo's edge (the
        // woman beside obama-2's shoulder), which the fade's start had cut.
        let fadedUnsure = (0..<values.count).map { i in
            unfaded[i] >= Self.sureOpacity ? 1 : smoothstep(0.9, 1, edgeFade[i])
        }
        // What is barely there goes too: a cell's mean under 0.02 can be a line of pixels at 0.1,
        // the dark outline of an arm the photo's edge faded out, which showed on a pale wall. And
        // empty cells one point beyond the joined weigh 0 as well, or the blur below would lift
        // the weight of such a line between them (one point further out, so the blur does not
        // thin the person's own soft edge). The pass is skipped when nothing there would go.
        let beside = Self.grown(joined, width: grid.gridWidth)
        let weights = values.indices.map { i in
            (values[i] > 0 ? joined[i] : beside[i]) ? near[i] * fadedUnsure[i] : 0
        }
        if values.indices.contains(where: { values[$0] > 0 && weights[$0] < 1 }) {
            let keep = try grid.greyGrid(values: weights.map { $0 * 255 })
                .blurred(sigma: 1).enlarged(toWidth: width, height: height)
            let keptBytes = try keep.greyBytes()
            for i in alpha.indices where keptBytes[i] < 255 { alpha[i] *= Float(keptBytes[i]) / 255 }
            mask = Self.mask(alpha, width: width, height: height)
            values = zip(values, weights).map { $0 * $1 }
        }
        // The body past the photo's edge, and the rim's glow fading with it there.
        var (carried, beyond) = Self.continued(alpha, depths: depths, grid: grid, framing: framing)
        var colours = photo
        if !beyond.isEmpty {
            // Carried from one column, the opacity's dips at the edge (a fold the model doubted)
            // were stripes the backdrop showed through: softened as the colours are.
            let smooth = try Self.quarterBlurred(
                Self.mask(carried, width: width, height: height), sigma: max(1, 0.1 * framing.unit)
            ).greyBytes()
            for i in beyond { carried[i] = max(alpha[i], Float(smooth[i]) / 255) }
            if let extended = subjectColours {
                colours = try Self.softened(
                    photo, by: extended, alpha: carried, at: beyond, unit: framing.unit)
            }
            alpha = carried
            mask = Self.mask(alpha, width: width, height: height)
            values = Matting.averaged(
                alpha, width: width, height: height, toWidth: grid.gridWidth, height: grid.gridHeight
            )
            .map(Double.init)
        }
        self.alpha = alpha
        self.values = values
        self.mask = mask
        self.outline = Self.continuedOutline(
            zip(unfaded, weights).map { $0 * $1 }, depths: depths, grid: grid, framing: framing)
        self.edgeFade = depths.indices.map { i in
            max(edgeFade[i], Self.beyondFade(depth: depths[i], y: grid.point(i).y, framing: framing))
        }
        self.colours = colours
        self.beyond = beyond
    }

    /// Opacity as a one-band 8-bit picture.
    static func mask(_ alpha: [Float], width: Int, height: Int) -> EditableImage {
        // Opacity is 0–1, so adding a half and truncating rounds it (without a call per pixel).
        EditableImage(greyWidth: width, height: height, pixels: alpha.map { UInt8(min(255, max(0, $0 * 255 + 0.5))) })
    }

    /// The model's probabilities for `rect` of the picture (grey, 0–255, the rect's size). The
    /// model takes a 256×256 square: the whole canvas is squeezed into it (`frame` nil), but the
    /// head crop is given as the square `frame` it was cut from, mid grey where the canvas does
    /// not reach. Cut by the canvas's edge and squeezed, the crop changed the model's answer with
    /// every move of the framing: a second person beside the subject came and went with it
    /// (`SecondPersonTests`). Letterboxing the whole canvas too cost resolution along its longer
    /// side and left more of the old background at the edge (leftovers' mean 0.114 against 0.103).
    static func segmented(
        _ photo: RGBImage, _ rect: (x: Int, y: Int, width: Int, height: Int),
        within frame: (x: Int, y: Int, side: Int)?,
        by segmenter: PersonSegmenter
    ) throws -> EditableImage {
        let side = PersonSegmenter.side
        // Within a frame, the rect keeps its place and shape in the frame's square; without one,
        // it fills the model's square, squeezed.
        let (scaleX, scaleY) =
            frame.map { (Double(side) / Double($0.side), Double(side) / Double($0.side)) }
            ?? (Double(side) / Double(rect.width), Double(side) / Double(rect.height))
        let x = frame.map { Int((Double(rect.x - $0.x) * scaleX).rounded()) } ?? 0
        let y = frame.map { Int((Double(rect.y - $0.y) * scaleY).rounded()) } ?? 0
        let w = max(1, min(side - x, Int((Double(rect.width) * scaleX).rounded())))
        let h = max(1, min(side - y, Int((Double(rect.height) * scaleY).rounded())))
        var input = Matting.averaged(
            photo, left: rect.x, top: rect.y, width: rect.width, height: rect.height, toWidth: w, height: h)
        if w < side || h < side {
            input = try EditableImage(input).placed(onCanvasWidth: side, height: side, x: x, y: y).rgb()
        }
        let probabilities = try segmenter.probabilities(of: input)
        var grey = EditableImage(
            greyWidth: side, height: side, pixels: probabilities.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) })
        if w < side || h < side { grey = try grey.cropped(left: x, top: y, width: w, height: h) }
        return try grey.enlarged(toWidth: rect.width, height: rect.height)
    }

    /// The square around the head and shoulders, cut to the canvas; nil when it would cover
    /// nearly all of it anyway (the whole pass then has the same resolution).
    /// With it, the whole square, which may reach past the canvas.
    static func headCrop(framing: StudioFraming) -> (
        crop: (x: Int, y: Int, width: Int, height: Int), square: (x: Int, y: Int, side: Int)
    )? {
        let side = cropSide * framing.unit
        let centreY = framing.eyeMid.y + cropCentreBelowEyes * framing.unit
        let square = (
            x: Int((framing.eyeMid.x - side / 2).rounded()), y: Int((centreY - side / 2).rounded()),
            side: Int(side.rounded())
        )
        let left = max(0, square.x)
        let top = max(0, square.y)
        let right = min(framing.canvasWidth, square.x + square.side)
        let bottom = min(framing.canvasHeight, square.y + square.side)
        guard right - left >= 64, bottom - top >= 64 else { return nil }
        let share = Double((right - left) * (bottom - top)) / Double(framing.canvasWidth * framing.canvasHeight)
        guard share <= 0.85 else { return nil }
        return (crop: (x: left, y: top, width: right - left, height: bottom - top), square: square)
    }

    /// 255 inside the crop, falling to 0 across its last 8 % at each side that lies inside the
    /// canvas (a side on the canvas edge needs no fade).
    static func cropWeight(_ crop: (x: Int, y: Int, width: Int, height: Int), width: Int, height: Int) throws
        -> EditableImage
    {
        let fade = 0.08 * Double(max(crop.width, crop.height))
        func ramp(_ inside: Double, _ open: Bool) -> Double { open ? min(1, inside / fade) : 1 }
        let field = SmoothField(canvasWidth: crop.width, canvasHeight: crop.height, step: 4)
        let weights = field.values { x, y in
            255 * ramp(x, crop.x > 0) * ramp(Double(crop.width) - x, crop.x + crop.width < width)
                * ramp(y, crop.y > 0) * ramp(Double(crop.height) - y, crop.y + crop.height < height)
        }
        return try field.greyGrid(values: weights).enlarged(toWidth: crop.width, height: crop.height)
            .placed(onCanvasWidth: width, height: height, x: crop.x, y: crop.y, red: 0, green: 0, blue: 0)
    }

    /// The opacity at canvas size, one band 0–255, for blending.
    func image() -> EditableImage { mask }

    /// The colours to lay over a new backdrop: the photo's, with the edge re-estimated.
    func foreground() throws -> EditableImage {
        var estimated = try Matting.foreground(of: colours, alpha: alpha)
        // Past the photo the colours are the body's own already: no old background to take out.
        for i in beyond {
            for c in 0..<3 { estimated.pixels[3 * i + c] = colours.pixels[3 * i + c] }
        }
        return EditableImage(estimated)
    }

    /// The opacity near a canvas point (nearest grid point).
    func value(x: Double, y: Double) -> Double { values[grid.index(x: x, y: y)] }

    /// A Gaussian blur of grid values (0–1) by libvips, in grid points. A wide one (a close-up's
    /// shape light asks for 30 points) runs on the grid shrunk to keep it 8 points or more wide,
    /// then enlarged: a third of the CPU, and still smooth at the slopes the light reads.
    static func blurred(_ values: [Double], grid: SmoothField, sigma: Double) throws -> [Double] {
        let image = grid.greyGrid(values: values.map { $0 * 255 })
        let factor = max(1, Int(sigma / 8))
        let result =
            factor > 1
            ? try image.averaged(toWidth: grid.gridWidth / factor, height: grid.gridHeight / factor)
                .blurred(sigma: sigma / Double(factor)).enlarged(toWidth: grid.gridWidth, height: grid.gridHeight)
            : try image.blurred(sigma: sigma)
        let pixels = try result.rgb().pixels
        return (0..<values.count).map { Double(pixels[3 * $0]) / 255 }
    }
}
