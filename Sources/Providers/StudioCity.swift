import Foundation
import Imaging

/// A city at night seen through a wide aperture, drawn from nothing: the dynamic action portrait's
/// backdrop ("urban colour"). A saturated sky between two hues, a skyline of dark buildings with
/// lit windows, blurred as a lens focused on the person would, then street lights and neon as
/// bokeh discs. Made on a grid of one point per 4 canvas pixels: after the blur nothing finer
/// survives, and the discs are soft.
enum StudioCity {
    static func make(
        fromHue: Double, toHue: Double, field: SmoothField, matte: SubjectMatte?, random: inout SeededGenerator
    ) throws -> EditableImage {
        let grid = SmoothField(canvasWidth: field.canvasWidth, canvasHeight: field.canvasHeight, step: 4)
        let (width, height) = (Double(grid.canvasWidth), Double(grid.canvasHeight))
        let buildings = skyline(width: width, height: height, random: &random)
        // Windows: a lattice of cells on each building, a third of them lit, warm or cool white.
        let cell = (w: 0.016 * width, h: 0.028 * height)
        let litSeed = random.next()
        let city = grid.colourGrid { x, y in
            let t = max(0, min(1, 0.5 + 0.6 * ((x / width - 0.5) - 0.5 * (y / height - 0.5))))
            var (r, g, b) = StudioBackdrop.hsv(
                hue: fromHue + (toHue - fromHue) * t, saturation: 0.85, value: 0.5 + 0.25 * (y / height))
            guard let building = buildings.first(where: { x >= $0.left && x < $0.right && y >= $0.top }) else {
                return (r, g, b)
            }
            // The façade: the sky's colour, much darker.
            (r, g, b) = (r * 0.32, g * 0.32, b * 0.36)
            let column = Int((x - building.left) / cell.w)
            let row = Int((y - building.top) / cell.h)
            let inCell =
                (x - building.left).truncatingRemainder(dividingBy: cell.w) < 0.6 * cell.w
                && (y - building.top).truncatingRemainder(dividingBy: cell.h) < 0.55 * cell.h
            // Which windows are lit: a hash of the cell, the same for the same seed.
            var cellRandom = SeededGenerator(
                seed: litSeed ^ UInt64(building.id &* 7919) ^ UInt64(column &* 104_729) ^ UInt64(row &* 1_299_709))
            let hash = cellRandom.next()
            guard inCell, hash % 100 < 40 else { return (r, g, b) }
            return hash % 3 == 0 ? (255, 255, 255) : (255, 215, 150)
        }
        let blurred = try city.blurred(sigma: 0.026 * height / 4)
        let lights = lights(grid: grid, fromHue: fromHue, toHue: toHue, clearOf: matte, random: &random)
        return try blurred.adding(lights).materialized()
            .enlarged(toWidth: field.canvasWidth, height: field.canvasHeight)
    }

    /// Buildings left to right, touching, of random widths and heights (the tallest reaching a
    /// fifth of the way down).
    static func skyline(width: Double, height: Double, random: inout SeededGenerator)
        -> [(id: Int, left: Double, right: Double, top: Double)]
    {
        var buildings: [(id: Int, left: Double, right: Double, top: Double)] = []
        var x = -random.unit() * 0.05 * width
        while x < width {
            let w = (0.05 + 0.1 * random.unit()) * width
            buildings.append((buildings.count, x, x + w, (0.2 + 0.45 * random.unit()) * height))
            x += w
        }
        return buildings
    }

    /// Street lights and signs out of focus: soft discs, brighter at the rim, mostly in the lower
    /// half, in the sky's two hues, amber and cyan; none on the person (`BokehKeepOut`).
    static func lights(
        grid: SmoothField, fromHue: Double, toHue: Double, clearOf matte: SubjectMatte?,
        random: inout SeededGenerator
    ) -> EditableImage {
        let (width, height) = (Double(grid.canvasWidth), Double(grid.canvasHeight))
        let hues = [fromHue, toHue, 36, 36, 188]
        let discs = BokehDisc.placed(22, clearOf: matte) {
            BokehDisc(
                x: random.unit() * width, y: (0.35 + 0.65 * pow(random.unit(), 0.6)) * height,
                radius: (0.025 + 0.055 * random.unit()) * height, strength: 0.2 + 0.3 * random.unit(),
                colour: StudioBackdrop.hsv(
                    hue: hues[Int(random.unit() * Double(hues.count)) % hues.count], saturation: 0.55, value: 1))
        }
        return BokehDisc.drawn(discs, on: grid)
    }
}
