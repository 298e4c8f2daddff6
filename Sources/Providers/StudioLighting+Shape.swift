import Foundation

extension StudioLighting {
    /// How deep the person stands out of the picture, in eye distances, when the matte is read as a
    /// height (a rounded slab: flat in the middle, curving away at the outline).
    static let shapeDepth = 1.1
    /// The blur that rounds the matte's step into a slope, in eye distances.
    static let shapeRounding = 0.45

    /// The key light falling on the person's shape rather than on a flat picture: the matte,
    /// blurred, is taken as a height field; its slope gives a surface normal, and Lambert's law
    /// (n·L over the flat surface's own n·L) says how much brighter a part turned towards the key
    /// is, and how much darker one turned away, so the side of the head and shoulders away from
    /// the light falls off as a lit body does. 1 where the surface faces the camera (the middle of
    /// the face), and on the backdrop (where the matte is 0, nothing is lit by it). On the
    /// matte's grid, row by row.
    static func shapeShading(matte: SubjectMatte, framing: StudioFraming, keySide: Double) throws -> [Double] {
        try shapeShading(
            opacity: matte.values, grid: matte.grid, pointsPerUnit: framing.unit / Double(SubjectMatte.step),
            keySide: keySide)
    }

    /// The same from the matte's grid values (0–1, row by row) and the eye distance in grid points.
    static func shapeShading(opacity: [Double], grid: SmoothField, pointsPerUnit: Double, keySide: Double) throws
        -> [Double]
    {
        let (w, h) = (grid.gridWidth, grid.gridHeight)
        let height = try SubjectMatte.blurred(opacity, grid: grid, sigma: max(1, shapeRounding * pointsPerUnit))
        // From the key's side, a little above, mostly in front: a 45° key.
        let light = normalised((keySide * 0.62, -0.3, 0.72))
        // The height's rise across one grid point, in grid points: the slab is shapeDepth units deep.
        let depth = shapeDepth * pointsPerUnit
        var shading = [Double](repeating: 1, count: w * h)
        for row in 1..<(h - 1) {
            for column in 1..<(w - 1) {
                let i = row * w + column
                let m = opacity[i]
                guard m > 0.01 else { continue }
                let gx = depth * (height[i + 1] - height[i - 1]) / 2
                let gy = depth * (height[i + w] - height[i - w]) / 2
                let normal = normalised((-gx, -gy, 1))
                let lambert = max(0, normal.0 * light.0 + normal.1 * light.1 + normal.2 * light.2)
                shading[i] = 1 + m * (lambert / light.2 - 1)
            }
        }
        return shading
    }

    static func normalised(_ v: (Double, Double, Double)) -> (Double, Double, Double) {
        let length = max(1e-9, (v.0 * v.0 + v.1 * v.1 + v.2 * v.2).squareRoot())
        return (v.0 / length, v.1 / length, v.2 / length)
    }
}
