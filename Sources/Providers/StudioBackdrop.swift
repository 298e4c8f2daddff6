import Foundation
import Imaging

/// What stands behind the person. Generated backdrops are smooth fields; "surroundings" reuse the
/// photo's own background, with the person (and a margin around them) left out before blurring,
/// so no ghost of the face can appear behind the real one.
enum StudioBackdrop {
    enum Kind {
        /// A studio seamless: neutral grey, lighter behind the head, falling off to the edges.
        case seamless(centre: Double, edge: Double)
        /// The photo's surroundings, heavily blurred and toned.
        case surroundings(Tone)
        /// A saturated diagonal gradient between two hues (degrees), top left to bottom right.
        case gradient(fromHue: Double, toHue: Double)
        /// A city at night out of focus, its sky between two hues (`StudioCity`).
        case city(fromHue: Double, toHue: Double)
        /// An office out of focus, its window on the key light's side (`StudioWorkspace`).
        case workspace(hueShift: Double)
        /// Near-black, with a faint glow behind the lit side of the head.
        case dark(level: Double)
        /// One colour asked for by name: a seamless of it, lighter behind the head.
        case plain(red: Double, green: Double, blue: Double)
    }

    /// How the surroundings are toned: a duotone (dark → bright colour by luminance) mixed with
    /// the original colours.
    enum Tone {
        /// Deep green shadows, amber highlights, bokeh: late-afternoon sun outdoors.
        case golden(hueShift: Double)
    }

    static func make(
        _ kind: Kind, photo: EditableImage, framing: StudioFraming, shape: SubjectShape, matte: SubjectMatte,
        keySide: Double, litFromBehind: Bool = false, field: SmoothField, random: inout SeededGenerator
    ) throws -> EditableImage {
        let (width, height) = (Double(field.canvasWidth), Double(field.canvasHeight))
        switch kind {
        case .seamless(let centre, let edge):
            // The light pool sits behind the head, a little towards the key light.
            let cx = framing.eyeMid.x + 0.8 * framing.unit * keySide
            let cy = framing.eyeMid.y + 0.6 * framing.unit
            let reach = 0.75 * max(width, height)
            return try field.colour { x, y in
                let d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (reach * reach)
                let level = edge + (centre - edge) * exp(-1.8 * d2)
                return (level, level, level * 1.01)
            }
        case .plain(let red, let green, let blue):
            let cx = framing.eyeMid.x + 0.8 * framing.unit * keySide
            let cy = framing.eyeMid.y + 0.6 * framing.unit
            let reach = 0.75 * max(width, height)
            return try field.colour { x, y in
                let d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (reach * reach)
                let level = 0.7 + 0.4 * exp(-1.8 * d2)
                return (min(255, red * level), min(255, green * level), min(255, blue * level))
            }
        case .surroundings(let tone):
            return try StudioSurroundings.make(
                tone, photo: photo, framing: framing, shape: shape, matte: matte, keySide: keySide,
                field: field, random: &random)
        case .gradient(let fromHue, let toHue):
            let (sx, sy) = (framing.eyeMid.x, framing.eyeMid.y + framing.unit)
            return try field.colour { x, y in
                let t = max(0, min(1, 0.5 + 0.62 * ((x / width - 0.5) + 0.55 * (y / height - 0.5))))
                // A brighter, paler pool of light behind the subject.
                let pool = exp(-(((x - sx) * (x - sx) + (y - sy) * (y - sy)) / pow(3.2 * framing.unit, 2)))
                return hsv(
                    hue: fromHue + (toHue - fromHue) * t, saturation: 0.9 - 0.35 * pool, value: 0.78 + 0.2 * pool)
            }
        case .city(let fromHue, let toHue):
            return try StudioCity.make(fromHue: fromHue, toHue: toHue, field: field, matte: matte, random: &random)
        case .workspace(let hueShift):
            return try StudioWorkspace.make(
                keySide: keySide, hueShift: hueShift, windowBehind: litFromBehind ? framing.eyeMid.x / width : nil,
                field: field, matte: matte, random: &random)
        case .dark(let level):
            let (gx, gy) = (framing.eyeMid.x + 1.7 * framing.unit * keySide, framing.eyeMid.y + 0.4 * framing.unit)
            return try field.colour { x, y in
                let glow = exp(-(((x - gx) * (x - gx) + (y - gy) * (y - gy)) / pow(3.0 * framing.unit, 2)))
                let l = level + 22 * glow
                return (l, l * 0.96, l * 0.92)
            }
        }
    }

    /// HSV to 8-bit RGB; hue in degrees (any value), saturation and value 0–1.
    static func hsv(hue: Double, saturation: Double, value: Double) -> (Double, Double, Double) {
        let h = (hue.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360) / 60
        let c = value * saturation
        let x = c * (1 - abs(h.truncatingRemainder(dividingBy: 2) - 1))
        let m = value - c
        let (r, g, b): (Double, Double, Double) =
            switch Int(h) {
            case 0: (c, x, 0)
            case 1: (x, c, 0)
            case 2: (0, c, x)
            case 3: (0, x, c)
            case 4: (x, 0, c)
            default: (c, 0, x)
            }
        return ((r + m) * 255, (g + m) * 255, (b + m) * 255)
    }
}
