import Foundation
import Imaging

/// The light added to the composed picture: a key light falling off across the face (soft for a
/// headshot, hard for chiaroscuro), a vignette, a rim light around the silhouette and a bloom.
enum StudioLighting {
    /// A light map for `EditableImage.graded(_:light:scale:add:)` at a scale of 1/128: 128 leaves a pixel as it is.
    /// The key side is a touch warm and the shadow side a touch cool, as with a tungsten key; the
    /// grade's per-channel gains ride along. With the `matte`, the key also models the person's
    /// shape (`shapeShading`), the more the harder the key.
    static func lightMap(
        style: StudioStyle, framing: StudioFraming, field: SmoothField, matte: SubjectMatte? = nil
    ) throws -> EditableImage {
        let (width, height) = (Double(field.canvasWidth), Double(field.canvasHeight))
        let shading = try matte.map { try shapeShading(matte: $0, framing: framing, keySide: style.keySide) }
        // A soft headshot key (ratio 1.25) models a little, a chiaroscuro one (4) a lot.
        let modelling = min(0.6, 0.2 + 0.13 * (style.keyRatio - 1))
        // A harder key is also a brighter one on its side, so the lit cheek carries the face.
        let lit = min(1.3, 1.05 + 0.06 * (style.keyRatio - 1))
        let shadow = lit / style.keyRatio
        let tint = 0.05 * min(1, style.keyRatio - 1)
        let gains = style.grade.gains
        return try field.colour { x, y in
            let (fx, fy) = framing.faceFrame(x: x, y: y)
            let t = smoothstep(-style.keySpread, style.keySpread, fx * style.keySide)
            let spot = 1 - style.spot * (1 - exp(-(fx * fx + (fy - 0.5) * (fy - 0.5)) / 5))
            let nx = 2 * x / width - 1
            let ny = 2 * y / height - 1
            let corner = ((nx * nx + ny * ny) / 2).squareRoot()
            let shaped = shading.map { 1 + modelling * ($0[matte!.grid.index(x: x, y: y)] - 1) } ?? 1
            let gain =
                (shadow + (lit - shadow) * t) * spot * shaped * (1 - style.vignette * smoothstep(0.35, 1, corner))
            let warm = (t - 0.5) * tint
            return (128 * gain * (1 + warm) * gains[0], 128 * gain * gains[1], 128 * gain * (1 - warm) * gains[2])
        }
    }

    /// Additive coloured light along the person's outline (the matte, its gaps narrower than
    /// about twice `rimClosing` bridged), on the person's side of it: `left` light on
    /// edges facing left, `right` on edges facing right, both on the top of the head, none on
    /// edges facing down (light from behind does not reach under the chin).
    static func rim(
        strength: Double, left: (Double, Double, Double), right: (Double, Double, Double), matte: SubjectMatte
    ) throws -> EditableImage {
        try rimGrid(strength: strength, left: left, right: right, matte: matte).enlarged(
            toWidth: matte.grid.canvasWidth, height: matte.grid.canvasHeight)
    }

    /// How far the rim light's outline bridges gaps in the matte, in eye distances: gaps between
    /// curls narrower than about twice this are inside the head's outline.
    static let rimClosing = 0.25

    /// The rim light on the matte's grid, before it is enlarged to the canvas.
    static func rimGrid(
        strength: Double, left: (Double, Double, Double), right: (Double, Double, Double), matte: SubjectMatte
    ) throws -> EditableImage {
        let grid = matte.grid
        let (w, h) = (matte.grid.gridWidth, matte.grid.gridHeight)
        // The edge is the outline's (the matte closed over `rimClosing`), so the gaps between curls
        // are not lit each: lit, curly hair glowed violet all through (kit-harington-2).
        let radius = Int((rimClosing * matte.unit / Double(SubjectMatte.step)).rounded())
        // The person's own outline, not the photo edge's fade (`SubjectMatte.outline`).
        let outline = GridMorphology.closed(matte.outline, width: w, height: h, radius: radius)
        let wide = try SubjectMatte.blurred(outline, grid: grid, sigma: 2)
        var pixels = [Double](repeating: 0, count: w * h * 3)
        for row in 1..<(h - 1) {
            for column in 1..<(w - 1) {
                let i = row * w + column
                // As opaque as the person shows (faded by the photo's edge, dimmer there).
                let m = matte.values[i]
                let e = wide[i]
                // On the person's side of the edge, and barely any on the backdrop's: a glow there
                // (0.3 once, then 0.08) outlined hair and shoulders like a sticker, testers said.
                // (The glow beside the person only as far as the person shows: past the photo's
                // edge, where the fade had taken the person away, it drew the edge's straight
                // line; a body carried past the edge takes it as far as it fades, `edgeFade`.)
                // (The portrait then takes it through the full-size matte, `lit`: this glow shows
                // only on the person's own soft edge, not on the backdrop past it.)
                let band = min(1, 2.2 * m * (1 - e) + 0.05 * max(0, e - outline[i]) * matte.edgeFade[i])
                let gx = wide[i + 1] - wide[i - 1]
                let gy = wide[i + w] - wide[i - w]
                let slope = (gx * gx + gy * gy).squareRoot()
                guard band > 0.01, slope > 1e-4 else { continue }
                // The matte rises towards the person, so the outward normal is minus its slope.
                let (nx, ny) = (-gx / slope, -gy / slope)
                let facing = smoothstep(0.3, -0.2, ny)
                let lit = strength * band * facing
                let l = lit * smoothstep(-0.3, 0.7, -nx)
                let r = lit * smoothstep(-0.3, 0.7, nx)
                pixels[3 * i] = l * left.0 + r * right.0
                pixels[3 * i + 1] = l * left.1 + r * right.1
                pixels[3 * i + 2] = l * left.2 + r * right.2
            }
        }
        return EditableImage(RGBImage(width: w, height: h, pixels: pixels.map(SmoothField.byte)))
    }

    /// Bloom: a blurred copy of the picture's highlights, to add on top (a soft golden glow), on
    /// `field`'s grid (enlarge it to the canvas, or to a finer grid to add more light there first).
    static func glowGrid(of image: EditableImage, strength: Double, field: SmoothField) throws -> EditableImage {
        let blurred = try image.averaged(toWidth: field.gridWidth, height: field.gridHeight).materialized().blurred(
            sigma: 1.5)
        // Only what is brighter than 140 glows.
        return try blurred.adjusted(multiply: [strength], add: [-140 * strength])
    }

    /// `image` with the bloom (`glowGrid`, when `glow` > 0) added, then the rim light (when
    /// `rim` > 0) as the person reflects it (`rimReflectance`).
    static func lit(
        _ image: EditableImage, glow: Double, rim: Double,
        rimColours: ((Double, Double, Double), (Double, Double, Double)),
        field: SmoothField, matte: SubjectMatte
    ) throws -> EditableImage {
        let (width, height) = (matte.grid.canvasWidth, matte.grid.canvasHeight)
        var result = image
        if glow > 0 {
            result = try result.adding(
                try glowGrid(of: image, strength: glow, field: field).enlarged(toWidth: width, height: height))
        }
        if rim > 0 {
            let light = try Self.rim(strength: rim, left: rimColours.0, right: rimColours.1, matte: matte)
            result = try result.addingReflected(light, mask: matte.image(), floor: rimReflectance)
        }
        return result
    }

    /// The rim light is what the person reflects of it: as much as the person shows at a pixel
    /// (the full-size matte; the light itself is made on the coarse grid, and added as it was it
    /// spread a grid step past the edge, a toothed coloured line along a dark collar), and the
    /// more the lighter the pixel, from this share on black. Added whole, it drew a pale or teal
    /// outline round dark hair (a tester's rose-leslie-2 over the night city) where a real rim
    /// light gives dark hair a faint sheen.
    static let rimReflectance = 0.3
}
