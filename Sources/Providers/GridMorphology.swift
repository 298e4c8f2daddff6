/// Greyscale morphology on a grid of values (row by row): the largest or smallest value within a
/// square of `radius` cells each way, by van Herk and Gil-Werman's running maxima (three
/// comparisons a cell whatever the radius), rows then columns.
enum GridMorphology {
    /// The largest value within `radius` cells of each (the square's cells beyond the grid's
    /// edge are left out).
    static func dilated(_ values: [Double], width: Int, height: Int, radius: Int) -> [Double] {
        filtered(values, width: width, height: height, radius: radius, by: max)
    }

    /// The smallest value within `radius` cells of each.
    static func eroded(_ values: [Double], width: Int, height: Int, radius: Int) -> [Double] {
        filtered(values, width: width, height: height, radius: radius, by: min)
    }

    /// Dilated then eroded: gaps and holes narrower than the square filled, the outline kept
    /// where it is smooth.
    static func closed(_ values: [Double], width: Int, height: Int, radius: Int) -> [Double] {
        eroded(
            dilated(values, width: width, height: height, radius: radius), width: width, height: height,
            radius: radius)
    }

    private static func filtered(
        _ values: [Double], width: Int, height: Int, radius: Int, by pick: (Double, Double) -> Double
    ) -> [Double] {
        precondition(
            width > 0 && height > 0 && values.count == width * height && radius >= 0, "a \(width)×\(height) grid")
        guard radius > 0 else { return values }
        // The running picks' buffers, made once for the longest line.
        let size = 2 * radius + 1
        let longest = (max(width, height) + 2 * radius + size - 1) / size * size
        var ahead = [Double](repeating: 0, count: longest)
        var behind = [Double](repeating: 0, count: longest)
        var rows = values
        for y in 0..<height {
            line(
                values, into: &rows, start: y * width, step: 1, count: width, radius: radius, ahead: &ahead,
                behind: &behind, by: pick)
        }
        var out = rows
        for x in 0..<width {
            line(
                rows, into: &out, start: x, step: width, count: height, radius: radius, ahead: &ahead,
                behind: &behind, by: pick)
        }
        return out
    }

    /// One row or column: `count` values from `start`, `step` apart. Blocks of 2·radius + 1
    /// cells: running picks forward (`ahead`) and backward (`behind`) within each block, so any
    /// window of the block's length is one block's tail and the next one's head.
    private static func line(
        _ values: [Double], into out: inout [Double], start: Int, step: Int, count: Int, radius: Int,
        ahead: inout [Double], behind: inout [Double], by pick: (Double, Double) -> Double
    ) {
        let size = 2 * radius + 1
        // Padded by `radius` each side with copies of the edge cell, which is in every window that
        // reaches past it and so cannot change its pick: the window stops at the edge.
        let padded = count + 2 * radius
        let blocks = (padded + size - 1) / size * size
        func value(_ i: Int) -> Double {
            let j = min(count - 1, max(0, i - radius))
            return values[start + j * step]
        }
        for i in 0..<blocks {
            let v = value(min(i, padded - 1))
            ahead[i] = i % size == 0 ? v : pick(ahead[i - 1], v)
        }
        for i in stride(from: blocks - 1, through: 0, by: -1) {
            let v = value(min(i, padded - 1))
            behind[i] = (i + 1) % size == 0 ? v : pick(behind[i + 1], v)
        }
        for i in 0..<count {
            // The window of cell i is padded cells i ... i + 2·radius.
            out[start + i * step] = pick(behind[i], ahead[i + size - 1])
        }
    }
}
