import Foundation
import Imaging
import PersonaKit

/// The person of a design on the brand's backdrop: the studio renderer's framing and matte cut
/// the person out of a reference photo, the scenario's light and grade fall on the person only,
/// and the backdrop is the brand's colours, untouched by the grade, so they stay the brand's.
enum DesignPerson {
    /// The studio tightens a portrait's framing up to 3× (short of `StudioFraming.largestEyeDistance`)
    /// to keep a photo's edges out of sight; a design's layout places the person at a size the
    /// title depends on, so it tightens less, and keeps the eyes where the layout put them (no
    /// move for headroom or to hide a photo's edge: `StudioFraming`'s `adjustsPlacement`): the
    /// title's box is placed around them.
    static let maxZoom = 1.4

    /// The person framed as a design places them: at the layout's eye point, tightening at most
    /// `maxZoom`.
    static func framed(
        photo: EditableImage, reference: ReferencePhoto, photoScale: Double, style: StudioStyle, width: Int,
        height: Int
    ) throws -> (source: EditableImage, framing: StudioFraming, subject: EditableImage) {
        try StudioRenderer.framed(
            photo: photo, reference: reference, photoScale: photoScale, style: style, width: width, height: height,
            maxZoom: maxZoom, adjustsPlacement: false)
    }

    static func render(
        photo: EditableImage, reference: ReferencePhoto, photoScale: Double, spec: DesignSpec,
        geometry: DesignGeometry, litFromBehind: Bool = false
    ) throws -> (image: EditableImage, columns: [ClosedRange<Int>?]) {
        let (width, height) = spec.format.size
        var random = SeededGenerator(seed: spec.seed ^ 0x0DE5_16A5)
        let instruction = spec.instruction
        var style = StudioStyle.make(
            for: PortraitScenario.all[min(max(spec.scenario, 0), PortraitScenario.all.count - 1)],
            yaw: reference.pose.yaw, instruction: instruction, random: &random)
        // Drama reads at thumbnail size only when it is strong: a harder key, a spotlight on the
        // face and more contrast on top of the studio's own step.
        if spec.drama > 0 {
            style.keyRatio *= 1 + 0.45 * spec.drama
            style.spot = max(style.spot, 0.22 * spec.drama)
            style.grade.contrast += 0.05 * spec.drama
        }
        // Warmth falls on the person alone (the backdrop is the brand's colours), so its step is
        // half again the portrait's: one "warmer" moved a tester's whole thumbnail's mean by 4 of
        // red and 5 of blue, "almost invisible" beside the reply "Changed: warmer".
        style.grade.warmth += 0.3 * spec.warmth
        style.eyeX = geometry.eyeX
        style.eyeY = geometry.eyeY
        // The scenario's own zoom is in `geometry` already (the dial), so only its size is replaced.
        style.eyeDistance = geometry.eyeDistance

        let (source, framing, subject) = try framed(
            photo: photo, reference: reference, photoScale: photoScale, style: style, width: width, height: height)
        let field = SmoothField(canvasWidth: width, canvasHeight: height)
        let matte = try SubjectMatte(subject: subject, framing: framing) { width, height in
            try StudioRenderer.colours(of: source, framing: framing, width: width, height: height)
        }
        // Light and grade on the person alone.
        let light = try StudioLighting.lightMap(style: style, framing: framing, field: field)
        // Not materialised: the face's exposure reads only the face's box, and the blend below
        // computes the rest once.
        var lit = try matte.foreground().recombined(style.grade.matrix).multiplied(
            by: light, scale: 1.0 / 128, add: style.grade.offsets)
        lit = try StudioRenderer.exposingFace(lit, framing: framing, range: style.faceLuma)
        let backdrop = try self.backdrop(spec: spec, framing: framing, field: field, litFromBehind: litFromBehind)
        // The person covers part of the canvas: the light and grade are computed only inside
        // the matte's bounds (libvips computes a lazy picture only where it is read).
        if let bounds = personBounds(matte) {
            lit = try lit.cropped(left: bounds.x, top: bounds.y, width: bounds.width, height: bounds.height)
                .placed(onCanvasWidth: width, height: height, x: bounds.x, y: bounds.y, red: 0, green: 0, blue: 0)
        }
        var image = try lit.blended(over: backdrop, mask: matte.image())
        if let rim = try rimLight(spec: spec, matte: matte) {
            image = try image.addingReflected(rim, mask: matte.image(), floor: StudioLighting.rimReflectance)
        }
        return (try image.materialized(), columns(of: matte))
    }

    /// The columns the person covers (at least half opaque) on each canvas row, nil for none:
    /// what the title keeps clear of (`DesignGeometry.clearing`).
    static func columns(of matte: SubjectMatte) -> [ClosedRange<Int>?] {
        let (width, height) = (matte.grid.canvasWidth, matte.grid.canvasHeight)
        return (0..<height).map { y in
            let row = (y * width)..<((y + 1) * width)
            guard let first = row.first(where: { matte.alpha[$0] >= 0.5 }),
                let last = row.last(where: { matte.alpha[$0] >= 0.5 })
            else { return nil }
            return (first - y * width)...(last - y * width)
        }
    }

    /// More drama rims the person with the accent colour (a plain design has none: the rim's pass
    /// was a fifth of the render's time, for a light barely seen at rest). The rim is made on the
    /// matte's coarse grid; enlarged, it spread past the hair as a muddy brown-orange halo on a
    /// dark brand colour (a tester's "more dramatic" thumbnail), so it is kept to the person, as
    /// opaque as the person is: a rim light lights the edge of the person, not the air beside it;
    /// and, as the portraits' rim, the darker the pixel, the less of it (`StudioLighting.rimReflectance`).
    static func rimLight(spec: DesignSpec, matte: SubjectMatte) throws -> EditableImage? {
        let strength = max(0, 0.3 * spec.drama)
        guard strength > 0 else { return nil }
        return try StudioLighting.rim(
            strength: strength, left: spec.accent.tuple, right: spec.accent.tuple, matte: matte)
    }

    /// The glow behind a backlit person's head: its centre below the eyes and its radius (eye
    /// distances), and how much white it mixes in at its centre.
    static let backlightGlow = (below: 0.6, radius: 2.0, strength: 0.55)

    /// The canvas box holding every grid point where the matte shows some of the person, a grid
    /// step wider on each side (the enlarged matte spreads that far); nil for none.
    static func personBounds(_ matte: SubjectMatte) -> DesignGeometry.Box? {
        let grid = matte.grid
        var (minX, minY, maxX, maxY) = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
        for (i, value) in matte.values.enumerated() where value > 0.002 {
            let p = grid.point(i)
            (minX, minY, maxX, maxY) = (min(minX, p.x), min(minY, p.y), max(maxX, p.x), max(maxY, p.y))
        }
        guard minX.isFinite else { return nil }
        let stepX = 2 * Double(grid.canvasWidth) / Double(grid.gridWidth)
        let stepY = 2 * Double(grid.canvasHeight) / Double(grid.gridHeight)
        let x = max(0, Int(minX - stepX))
        let y = max(0, Int(minY - stepY))
        let right = min(grid.canvasWidth, Int((maxX + stepX).rounded(.up)))
        let bottom = min(grid.canvasHeight, Int((maxY + stepY).rounded(.up)))
        guard right > x, bottom > y else { return nil }
        return DesignGeometry.Box(x: x, y: y, width: right - x, height: bottom - y)
    }

    /// A diagonal gradient between the two brand colours with a paler pool of light behind the
    /// person; drama darkens the corners (a vignette; little on a light backdrop), brightness
    /// lifts the whole. A person
    /// photographed against the light (`FaceBacklight`) gets a bright glow behind the head
    /// (`backlightGlow`): the pale rim along their jaw then reads as that light, where on a dark
    /// brand colour it read as a cut-out's edge (a tester's obama-3 thumbnail). A backdrop of one
    /// colour (asked "solid" or "plain") stays one colour: no pool, no vignette, no glow (a
    /// tester's "solid dark navy" came back with a lighter pool behind the head).
    static func backdrop(spec: DesignSpec, framing: StudioFraming, field: SmoothField, litFromBehind: Bool = false)
        throws -> EditableImage
    {
        let (width, height) = (Double(field.canvasWidth), Double(field.canvasHeight))
        let (sx, sy) = (framing.eyeMid.x, framing.eyeMid.y + framing.unit)
        let from = spec.backgroundFrom
        let to = spec.backgroundTo
        let flat = from == to
        let vignette = flat ? 0 : max(0, 0.3 * spec.drama)
        let dim = max(0, 0.1 * spec.drama)
        let lift = 0.06 * spec.exposure
        return try field.colour { x, y in
            // Steep enough that each brand colour fills its own corner unmixed.
            let t = max(0, min(1, 0.5 + 1.1 * ((x / width - 0.5) + 0.5 * (y / height - 0.5))))
            var c = from.mixed(with: to, t)
            let pool = exp(-(((x - sx) * (x - sx) + (y - sy) * (y - sy)) / pow(3.4 * framing.unit, 2)))
            c = c.mixed(with: .white, flat ? 0 : 0.14 * pool)
            if litFromBehind && !flat {
                let (gx, gy) = (framing.eyeMid.x, framing.eyeMid.y + backlightGlow.below * framing.unit)
                let d2 = ((x - gx) * (x - gx) + (y - gy) * (y - gy)) / pow(backlightGlow.radius * framing.unit, 2)
                c = c.mixed(with: .white, backlightGlow.strength * exp(-d2))
            }
            let dx = x / width - 0.5
            let dy = y / height - 0.5
            // Drama darkens a dark backdrop's corners; a light one it barely touches, the person's
            // light being drama enough there: darkened, light yellow went a muddy olive and the
            // title's contrast fell from 14:1 to 8.6:1 (a tester's "more dramatic lighting"). By
            // the colour where it falls: a cream-to-navy gradient darkens at its navy end only.
            let lightness = vignette + dim > 0 ? c.lab.l : 0
            let darkening = lightness > 60 ? max(0.05, 1 - (lightness - 60) / 30) : 1
            let dark = vignette * min(1, 2.2 * (dx * dx + dy * dy)) * darkening
            c = lift >= 0 ? c.mixed(with: .white, lift) : c.mixed(with: DesignColour(red: 0, green: 0, blue: 0), -lift)
            c = c.mixed(with: DesignColour(red: 0, green: 0, blue: 0), min(0.85, dark + dim * darkening))
            return c.tuple
        }
    }
}

extension DesignSpec {
    /// The spec's light and grade dials as the studio renderer reads them.
    var instruction: StudioInstruction {
        var i = StudioInstruction()
        i.drama = drama
        i.warmth = warmth
        i.exposure = exposure
        i.saturation = saturation
        // Framing is the layout's (DesignGeometry applies the zoom dial).
        i.zoom = 0
        return i
    }
}
