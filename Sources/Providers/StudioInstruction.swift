/// What the local renderer understands of a refinement such as "more dramatic lighting" or
/// "a bit warmer, less contrast". It is keyword matching, not language understanding: each
/// recognised word moves one dial a step, "less", "not", "no", "without" or "fewer" up to three
/// words before it reverses it ("not so warm"), and unknown words are ignored. Steps add up and
/// are clamped to ±2.
///
/// | dial | raised by | lowered by |
/// | --- | --- | --- |
/// | drama (light ratio, contrast, vignette) | dramatic, drama, moody, contrast, contrasty, bold, intense, punchy, cinematic | soft, softer, gentle, subtle, flat, calm |
/// | warmth | warm, warmer, golden, sunny, sunset | cool, cooler, cold, blue, bluer |
/// | exposure | bright, brighter, lighter, airy, brighten | dark, darker, dim, dimmer, darken |
/// | saturation | colourful, colorful, vibrant, vivid, saturated | muted, desaturated, faded, washed |
/// | zoom (framing) | closer, tighter, zoom, crop, close | wider, further, farther, loose, looser |
public struct StudioInstruction: Sendable, Equatable {
    public var drama = 0.0
    public var warmth = 0.0
    public var exposure = 0.0
    public var saturation = 0.0
    public var zoom = 0.0

    /// The dial a word moves and in which direction, or nil for a word we do not know.
    static func dial(for word: String) -> (WritableKeyPath<StudioInstruction, Double>, Double)? {
        switch word {
        case "dramatic", "drama", "moody", "contrast", "contrasty", "bold", "intense", "punchy", "cinematic":
            (\.drama, 1)
        case "soft", "softer", "gentle", "subtle", "flat", "calm": (\.drama, -1)
        case "warm", "warmer", "golden", "sunny", "sunset": (\.warmth, 1)
        case "cool", "cooler", "cold", "blue", "bluer": (\.warmth, -1)
        case "bright", "brighter", "lighter", "airy", "brighten": (\.exposure, 1)
        case "dark", "darker", "dim", "dimmer", "darken": (\.exposure, -1)
        case "colourful", "colorful", "vibrant", "vivid", "saturated": (\.saturation, 1)
        case "muted", "desaturated", "faded", "washed": (\.saturation, -1)
        case "closer", "tighter", "zoom", "crop", "close": (\.zoom, 1)
        case "wider", "further", "farther", "loose", "looser": (\.zoom, -1)
        default: nil
        }
    }

    static let negations: Set<String> = ["less", "not", "no", "without", "fewer"]

    public init() {}

    public init(_ text: String?) {
        guard let text else { return }
        let words = text.lowercased().split { !$0.isLetter }.map(String.init)
        // A negation reverses the next known word if it comes within three words ("not so warm").
        var negatedUntil = -1
        for (i, word) in words.enumerated() {
            if Self.negations.contains(word) {
                negatedUntil = i + 3
                continue
            }
            guard let (dial, step) = Self.dial(for: word) else { continue }
            self[keyPath: dial] += i <= negatedUntil ? -step : step
            negatedUntil = -1
        }
        for dial in [\StudioInstruction.drama, \.warmth, \.exposure, \.saturation, \.zoom] {
            self[keyPath: dial] = min(2, max(-2, self[keyPath: dial]))
        }
    }
}
