/// Where an out-of-focus disc may not go: near the person. A disc behind the person is hidden
/// only where the matte is opaque; through its soft edge (an ear, hair) it showed as a coloured
/// tint over them (one sat on Obama's jaw in the dynamic portrait). Kept on the matte's grid,
/// a cell taken when any of its pixels has opacity 0.05 or more: the grid's own values are
/// means, lower than that in wisps of hair (kit-harington-2's curls caught light at full size
/// from discs the means let through).
struct BokehKeepOut {
    let grid: SmoothField
    let taken: [Bool]

    init(_ matte: SubjectMatte) {
        grid = matte.grid
        let (width, height) = (grid.canvasWidth, grid.canvasHeight)
        var taken = [Bool](repeating: false, count: grid.gridWidth * grid.gridHeight)
        if matte.alpha.count == width * height {
            for py in 0..<height {
                let row = py * grid.gridHeight / height * grid.gridWidth
                for px in 0..<width where matte.alpha[py * width + px] >= 0.05 {
                    taken[row + px * grid.gridWidth / width] = true
                }
            }
        } else {
            taken = matte.values.map { $0 >= 0.05 }
        }
        self.taken = taken
    }

    /// Whether `disc` keeps off the person: no taken cell within 1.15 of its radii of its
    /// centre, or a radius and two cells (the light is drawn on a coarser grid and enlarged,
    /// which spreads it a little), whichever is more.
    func allows(_ disc: BokehDisc) -> Bool {
        let (cellX, cellY) = (
            Double(grid.canvasWidth) / Double(grid.gridWidth), Double(grid.canvasHeight) / Double(grid.gridHeight)
        )
        let reach = max(1.15 * disc.radius, disc.radius + 2 * max(cellX, cellY))
        // The cells the disc's reach covers (none when it lies off the canvas).
        let (left, right) = (
            max(0, Int(((disc.x - reach) / cellX).rounded(.down))),
            min(grid.gridWidth - 1, Int(((disc.x + reach) / cellX).rounded(.down)))
        )
        let (top, bottom) = (
            max(0, Int(((disc.y - reach) / cellY).rounded(.down))),
            min(grid.gridHeight - 1, Int(((disc.y + reach) / cellY).rounded(.down)))
        )
        guard left <= right, top <= bottom else { return true }
        for row in top...bottom {
            let dy = (Double(row) + 0.5) * cellY - disc.y
            for column in left...right {
                let dx = (Double(column) + 0.5) * cellX - disc.x
                if dx * dx + dy * dy <= reach * reach, taken[row * grid.gridWidth + column] { return false }
            }
        }
        return true
    }
}
