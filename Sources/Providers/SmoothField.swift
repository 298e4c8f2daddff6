import Imaging

/// A smooth picture (a mask, a light map, a gradient) computed point by point in Swift on a coarse
/// grid over the canvas, then enlarged to the canvas by libvips. Such pictures have no fine
/// detail, and a grid of one point per `step` pixels keeps the Swift loop cheap even in debug builds.
struct SmoothField {
    let canvasWidth: Int
    let canvasHeight: Int
    let gridWidth: Int
    let gridHeight: Int

    init(canvasWidth: Int, canvasHeight: Int, step: Int = 8) {
        self.canvasWidth = canvasWidth
        self.canvasHeight = canvasHeight
        gridWidth = max(2, (canvasWidth + step / 2) / step)
        gridHeight = max(2, (canvasHeight + step / 2) / step)
    }

    /// Three bands, 0–255 each, at canvas size.
    func colour(_ value: (Double, Double) -> (Double, Double, Double)) throws -> EditableImage {
        try colourGrid(value).enlarged(toWidth: canvasWidth, height: canvasHeight)
    }

    /// One band at grid size, from values row by row (for work done on the grid before enlarging).
    func greyGrid(values: [Double]) -> EditableImage {
        EditableImage(greyWidth: gridWidth, height: gridHeight, pixels: values.map(Self.byte))
    }

    /// The value at each grid point, row by row.
    func values(_ value: (Double, Double) -> Double) -> [Double] {
        var out = [Double](repeating: 0, count: gridWidth * gridHeight)
        forEachPoint { i, x, y in out[i] = value(x, y) }
        return out
    }

    /// Three bands at grid size.
    func colourGrid(_ value: (Double, Double) -> (Double, Double, Double)) -> EditableImage {
        var pixels = [UInt8](repeating: 0, count: gridWidth * gridHeight * 3)
        forEachPoint { i, x, y in
            let (r, g, b) = value(x, y)
            pixels[3 * i] = Self.byte(r)
            pixels[3 * i + 1] = Self.byte(g)
            pixels[3 * i + 2] = Self.byte(b)
        }
        return EditableImage(RGBImage(width: gridWidth, height: gridHeight, pixels: pixels))
    }

    /// The canvas position of grid point `i` (row by row).
    func point(_ i: Int) -> (x: Double, y: Double) {
        let (row, column) = i.quotientAndRemainder(dividingBy: gridWidth)
        return (
            (Double(column) + 0.5) * Double(canvasWidth) / Double(gridWidth),
            (Double(row) + 0.5) * Double(canvasHeight) / Double(gridHeight)
        )
    }

    /// The grid point nearest a canvas position (clamped to the grid).
    func index(x: Double, y: Double) -> Int {
        let column = min(gridWidth - 1, max(0, Int(x / Double(canvasWidth) * Double(gridWidth))))
        let row = min(gridHeight - 1, max(0, Int(y / Double(canvasHeight) * Double(gridHeight))))
        return row * gridWidth + column
    }

    /// Visits grid points row by row with their index and the canvas position of their centre.
    private func forEachPoint(_ body: (Int, Double, Double) -> Void) {
        let sx = Double(canvasWidth) / Double(gridWidth)
        let sy = Double(canvasHeight) / Double(gridHeight)
        for row in 0..<gridHeight {
            for column in 0..<gridWidth {
                body(row * gridWidth + column, (Double(column) + 0.5) * sx, (Double(row) + 0.5) * sy)
            }
        }
    }

    static func byte(_ value: Double) -> UInt8 { UInt8(max(0, min(255, value.rounded()))) }
}
