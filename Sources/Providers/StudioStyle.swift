import Imaging
import PersonaKit

/// How one scenario's portrait is made: where the eyes go, what stands behind the person, how
/// the light falls and how the colours are graded. The scenario sets the look, the seed varies it
/// (framing, light side, hues) and the instruction nudges it.
struct StudioStyle {
    // Framing, in fractions of the canvas: the eyes' midpoint and their distance (of the height).
    var eyeX: Double
    var eyeY: Double
    var eyeDistance: Double
    /// How soft the person's edge is against the backdrop (a blur of the matte, in its grid points).
    var edgeSoftness: Double
    var backdrop: StudioBackdrop.Kind
    // Light: the key comes from `keySide` (-1 left, +1 right); the lit side is `keyRatio` times
    // brighter than the shadow side; corners darken by `vignette`.
    var keySide: Double
    var keyRatio: Double
    /// Width of the light's fall-off across the face, in eye distances (small = hard side light).
    var keySpread: Double
    var vignette: Double
    /// How much the light falls off away from the face (0 = not at all): a spotlight on the face.
    var spot = 0.0
    /// Strength of the coloured rim light around the head and shoulders (0 = none).
    var rim: Double
    /// Strength of the bloom on bright areas (0 = none).
    var glow: Double
    var grade: ColourGrade
    /// The face's mean luminance is brought into this range after grading, so the portrait stays
    /// well exposed and the face stays recognisable to a detector and to the identity model.
    var faceLuma: ClosedRange<Double>
    /// No colour at all in the finished portrait (asked for as "black and white").
    var monochrome = false
    /// The photo was lit from behind (`FaceBacklight.isBacklit`): a backdrop that can put its
    /// light behind the head, where the pale rim along the jaw comes from (`StudioWorkspace`).
    var litFromBehind = false

    static func make(
        for scenario: PortraitScenario, yaw: Double, instruction: StudioInstruction, random: inout SeededGenerator
    ) -> StudioStyle {
        // Look room: a turned face goes to the side it turns away from; a frontal one to either.
        let turned = abs(yaw) >= 6 ? (yaw > 0 ? -1.0 : 1.0) : (random.coin() ? -1.0 : 1.0)
        let lightSide = random.coin() ? -1.0 : 1.0
        let hueShift = random.signed() * 25
        var style: StudioStyle
        switch scenario.index {
        case 0:  // professional headshot: centred, grey seamless, soft even key, neutral grade
            style = StudioStyle(
                eyeX: 0.5, eyeY: scenario.framedEyeY, eyeDistance: scenario.framedEyeDistance, edgeSoftness: 1.5,
                backdrop: .seamless(centre: 158 + random.signed() * 10, edge: 78 + random.signed() * 8),
                keySide: lightSide, keyRatio: 1.25, keySpread: 1.8, vignette: 0.15, rim: 0, glow: 0,
                grade: ColourGrade(saturation: 0.95, contrast: 1.06), faceLuma: 105...170)
        case 1:  // casual friendly: a bit wider, warm blurred surroundings with bokeh, golden glow
            style = StudioStyle(
                eyeX: 0.5 + 0.07 * turned, eyeY: scenario.framedEyeY, eyeDistance: scenario.framedEyeDistance,
                edgeSoftness: 2.0,
                backdrop: .surroundings(.golden(hueShift: hueShift * 0.4)),
                keySide: -turned, keyRatio: 1.15, keySpread: 1.8, vignette: 0.12, rim: 0.25, glow: 0.35,
                grade: ColourGrade(saturation: 1.05, contrast: 1.02, warmth: 1), faceLuma: 110...175)
        case 2:  // dynamic action: rule of thirds, a city at night out of focus, rim light, punchy contrast
            style = StudioStyle(
                eyeX: 0.5 + turned / 6, eyeY: scenario.framedEyeY, eyeDistance: scenario.framedEyeDistance,
                edgeSoftness: 1.2,
                backdrop: .city(fromHue: 318 + hueShift, toHue: 188 + hueShift),
                keySide: -turned, keyRatio: 1.35, keySpread: 1.4, vignette: 0.18, rim: 0.6, glow: 0,
                grade: ColourGrade(saturation: 1.25, contrast: 1.2), faceLuma: 100...170)
        case 3:  // thoughtful close-up: tight, hard side light, near-black backdrop, muted colour
            style = StudioStyle(
                eyeX: 0.5 + 0.03 * lightSide, eyeY: scenario.framedEyeY, eyeDistance: scenario.framedEyeDistance,
                edgeSoftness: 1.5,
                backdrop: .dark(level: 12 + random.signed() * 4),
                keySide: lightSide, keyRatio: 4, keySpread: 0.7, vignette: 0.35, spot: 0.55, rim: 0, glow: 0,
                grade: ColourGrade(saturation: 0.72, contrast: 1.12), faceLuma: 85...165)
        default:  // environmental portrait: wide, to one side, an office out of focus, vignette
            style = StudioStyle(
                eyeX: 0.5 + 0.18 * turned, eyeY: scenario.framedEyeY, eyeDistance: scenario.framedEyeDistance,
                edgeSoftness: 1.8,
                backdrop: .workspace(hueShift: hueShift * 0.3),
                keySide: -turned, keyRatio: 1.4, keySpread: 2.0, vignette: 0.3, rim: 0, glow: 0.1,
                grade: ColourGrade(saturation: 0.9, contrast: 1.05, warmth: -0.35), faceLuma: 100...170)
        }
        // Small seeded framing offsets, so each seed is its own take.
        style.eyeX += random.signed() * 0.02
        style.eyeY += random.signed() * 0.015
        style.eyeDistance *= 1 + random.signed() * 0.05
        style.apply(instruction)
        return style
    }

    /// The hardest key more drama makes: about 2.3 stops between the lit cheek and the shadowed
    /// one. The close-up's chiaroscuro (4) made harder without end put half a tester's face in
    /// black, its ear and hair gone into the backdrop ("more dramatic, light from the right").
    static let hardestKey = 5.0

    mutating func apply(_ instruction: StudioInstruction) {
        let key = keyRatio * stepFactor(instruction.drama)
        keyRatio = max(1, instruction.drama > 0 ? min(key, max(keyRatio, Self.hardestKey)) : key)
        vignette = max(0, min(0.6, vignette + 0.08 * instruction.drama))
        grade.contrast = max(0.8, grade.contrast + 0.07 * instruction.drama)
        grade.warmth += 0.6 * instruction.warmth
        grade.saturation = max(0.3, grade.saturation + 0.15 * instruction.saturation)
        grade.exposure *= 1 + 0.12 * instruction.exposure
        let shift = 12 * instruction.exposure
        faceLuma = (faceLuma.lowerBound + shift)...(faceLuma.upperBound + shift)
        eyeDistance *= 1 + 0.12 * instruction.zoom
    }

    /// A portrait refinement's backdrop, light side and black and white, over the scenario's own.
    mutating func apply(_ refinement: PortraitRefinement) {
        if let side = refinement.keySide { keySide = side }
        monochrome = refinement.monochrome
        switch refinement.backdrop {
        case .colour(_, let c)?: backdrop = .plain(red: c.red, green: c.green, blue: c.blue)
        case .studio?: backdrop = .seamless(centre: 158, edge: 78)
        case .dark?: backdrop = .dark(level: 12)
        case .outdoors?: backdrop = .surroundings(.golden(hueShift: 0))
        case .workspace?: backdrop = .workspace(hueShift: 0)
        case .gradient?: backdrop = .gradient(fromHue: 318, toHue: 188)
        case .city?: backdrop = .city(fromHue: 318, toHue: 188)
        case nil: break
        }
        // After the backdrop is settled, so a city asked for with "warmer" is a warm one.
        backdrop = backdrop.warmed(by: refinement.dials.warmth)
    }

    private func stepFactor(_ steps: Double) -> Double { steps >= 0 ? 1 + 0.35 * steps : 1 / (1 + 0.35 * -steps) }
}

/// A global colour grade: saturation (1 = unchanged), contrast around a mid-grey, warmth
/// (positive pushes red and yellow up and blue down) and exposure (a gain). Applied as a colour matrix, then per-channel
/// gains (which the renderer folds into its light map, saving a pass) and offsets.
struct ColourGrade {
    var saturation = 1.0
    var contrast = 1.0
    var warmth = 0.0
    var exposure = 1.0

    static let pivot = 118.0

    /// Saturation mixes each channel with the pixel's luma (Rec. 601 weights).
    var matrix: [[Double]] {
        let luma = RGBImage.lumaWeights
        let s = saturation
        return (0..<3).map { row in (0..<3).map { column in (1 - s) * luma[column] + (row == column ? s : 0) } }
    }

    var gains: [Double] { [1 + 0.07 * warmth, 1 + 0.015 * warmth, 1 - 0.10 * warmth].map { $0 * contrast * exposure } }

    var offsets: [Double] { [4 * warmth, warmth, -4 * warmth].map { $0 + Self.pivot * (1 - contrast) } }
}
