import Foundation
import Imaging

/// The person's opacity on the canvas, without a segmentation model. The outline guess
/// (`SubjectShape`) says where the person surely is (well inside it) and surely is not (well
/// outside); in the band between, colour decides: a pixel coloured like the sure person stays,
/// one coloured like the sure surroundings goes (colour histograms, as GrabCut starts). The head
/// and the body have their own histograms (hair is judged against skin and hair, not the
/// shirt). Specks and islands are removed, the head's outline is smoothed (`HeadOutline`), where
/// the colours cannot tell the outline's own soft fade is used, the face is always kept whole,
/// and the edge stays soft.
struct SubjectMatte {
    let grid: SmoothField
    /// Opacity 0–1 at each grid point, row by row.
    let values: [Double]

    /// Canvas pixels per grid point: fine enough for hair and shoulders, coarse enough for debug builds.
    static let step = 4
    /// The histograms sample the whole photo, about this many pixels along its longer side, so a
    /// tight framing still learns what surrounds the person.
    static let sampleSide = 256.0

    init(source: EditableImage, subject: EditableImage, framing: StudioFraming, shape: SubjectShape, softness: Double)
        throws
    {
        let grid = SmoothField(canvasWidth: framing.canvasWidth, canvasHeight: framing.canvasHeight, step: Self.step)
        self.grid = grid
        let models = try Self.colourModels(source: source, framing: framing, shape: shape)
        let pixels = try subject.averaged(toWidth: grid.gridWidth, height: grid.gridHeight).rgb().pixels
        var distances = [Double](repeating: 0, count: grid.gridWidth * grid.gridHeight)
        var faceDistances = distances
        var evidence = distances
        var bands = distances
        for i in distances.indices {
            let (x, y) = grid.point(i)
            let (fx, fy) = framing.faceFrame(x: x, y: y)
            distances[i] = shape.distance(x: fx, y: fy)
            bands[i] = SubjectShape.band(y: fy)
            faceDistances[i] = shape.faceDistance(x: fx, y: fy)
            evidence[i] = models[SubjectShape.isHead(y: fy) ? 0 : 1].personLikelihood(
                pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2])
        }
        // Neighbours vote: the evidence is averaged before it is trusted.
        evidence = try Self.blurred(evidence, grid: grid, sigma: 2)
        var opacity = distances.indices.map { i -> Double in
            let prior = 1 - smoothstep(-0.4, bands[i], distances[i])
            let odds = prior * evidence[i]
            let against = (1 - prior) * (1 - evidence[i])
            return odds / max(1e-9, odds + against)
        }
        // Opening: a blur and a high threshold erase specks, a blur and a low one grow back the rest.
        opacity = try Self.blurred(opacity, grid: grid, sigma: 1.5).map { smoothstep(0.4, 0.8, $0) }
        opacity = try Self.blurred(opacity, grid: grid, sigma: 1.5).map { smoothstep(0.2, 0.6, $0) }
        opacity = Self.connected(opacity, to: distances.map { $0 < -0.6 }, width: grid.gridWidth)
        let opened = opacity
        // Soften the edge, then choke it a little so no rim of the old background shows around it.
        opacity = try Self.blurred(opacity, grid: grid, sigma: softness).map { smoothstep(0.3, 0.95, $0) }
        // Where the colours could not tell (white hair against a white wall), a jagged guess would
        // look broken: there the outline's own soft fade is used instead, like a studio vignette.
        let confidence = try Self.blurred(evidence.map { abs($0 - 0.5) * 2 }, grid: grid, sigma: 3).map {
            smoothstep(0.15, 0.5, $0)
        }
        let head = HeadOutline(shape: shape) { fx, fy in
            let (x, y) = (framing.eyeMid.x + fx * framing.unit, framing.eyeMid.y + fy * framing.unit)
            // Beyond the canvas, assume the outline guess.
            guard x >= 0, y >= 0, x < Double(grid.canvasWidth), y < Double(grid.canvasHeight) else {
                return shape.headDistance(x: fx, y: fy) < 0 ? 1 : 0
            }
            return opened[grid.index(x: x, y: y)]
        }
        values = distances.indices.map { i in
            let (x, y) = grid.point(i)
            let (fx, fy) = framing.faceFrame(x: x, y: y)
            let face = 1 - smoothstep(-0.2, 0.05, faceDistances[i])
            let vignette = 1 - smoothstep(-0.5, bands[i] + 0.1, distances[i])
            let body = confidence[i] * opacity[i] + (1 - confidence[i]) * vignette
            let w = HeadOutline.weight(y: fy)
            let mixed = w * head.opacity(x: fx, y: fy) + (1 - w) * body
            let reach = 1 - smoothstep(bands[i] - 0.1, bands[i] + 0.3, distances[i])
            let inPhoto = smoothstep(6, 6 + 0.35 * framing.unit, framing.photoDepth(x: x, y: y))
            return max(face, mixed * reach) * inPhoto
        }
    }

    /// Keeps only what is joined to the sure person (`seeds`): a floating speck or an island of
    /// background that happened to share the person's colours goes.
    static func connected(_ opacity: [Double], to seeds: [Bool], width: Int, threshold: Double = 0.35) -> [Double] {
        var reached = [Bool](repeating: false, count: opacity.count)
        var queue = opacity.indices.filter { seeds[$0] && opacity[$0] > threshold }
        for i in queue { reached[i] = true }
        var next = 0
        func visit(_ n: Int) {
            if !reached[n] && opacity[n] > threshold {
                reached[n] = true
                queue.append(n)
            }
        }
        while next < queue.count {
            let i = queue[next]
            next += 1
            let column = i % width
            if column > 0 { visit(i - 1) }
            if column < width - 1 { visit(i + 1) }
            if i >= width { visit(i - width) }
            if i + width < opacity.count { visit(i + width) }
        }
        return opacity.indices.map { reached[$0] ? opacity[$0] : 0 }
    }

    /// The opacity at canvas size, one band 0–255, for blending.
    func image() throws -> EditableImage {
        try grid.greyGrid(values: values.map { $0 * 255 }).enlarged(
            toWidth: grid.canvasWidth, height: grid.canvasHeight)
    }

    /// The opacity near a canvas point (nearest grid point).
    func value(x: Double, y: Double) -> Double { values[grid.index(x: x, y: y)] }

    /// Colour histograms of the sure person and of the surroundings near them, for the head's
    /// part of the photo [0] and the body's [1].
    static func colourModels(source: EditableImage, framing: StudioFraming, shape: SubjectShape) throws -> [ColourModel]
    {
        // Every n-th pixel, so about `sampleSide` on the longer side: a histogram wants true
        // colours, not averages of neighbours.
        let photo = try source.rgb()
        let step = max(1, Int((Double(max(photo.width, photo.height)) / sampleSide).rounded()))
        var models = [ColourModel(), ColourModel()]
        for row in stride(from: step / 2, to: photo.height, by: step) {
            for column in stride(from: step / 2, to: photo.width, by: step) {
                let p = framing.transform.apply(x: Double(column) + 0.5, y: Double(row) + 0.5)
                let (fx, fy) = framing.faceFrame(x: p.x, y: p.y)
                let d = shape.distance(x: fx, y: fy)
                let zone = SubjectShape.isHead(y: fy) ? 0 : 1
                let i = 3 * (row * photo.width + column)
                let (r, g, b) = (photo.pixels[i], photo.pixels[i + 1], photo.pixels[i + 2])
                if d < -0.4 {
                    models[zone].person.add(r, g, b)
                } else if d > SubjectShape.band(y: fy) && d < 4 {
                    models[zone].surroundings.add(r, g, b)
                }
            }
        }
        for i in models.indices {
            models[i].person.smooth()
            models[i].surroundings.smooth()
        }
        return models
    }

    /// A Gaussian blur of grid values (0–1) by libvips, in grid points.
    static func blurred(_ values: [Double], grid: SmoothField, sigma: Double) throws -> [Double] {
        let image = try grid.greyGrid(values: values.map { $0 * 255 }).blurred(sigma: sigma).rgb()
        return (0..<values.count).map { Double(image.pixels[3 * $0]) / 255 }
    }
}
