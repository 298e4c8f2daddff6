import Foundation

/// A colour said in words ("a deep blue"), for the guide: a creator recognises their colour by its
/// look, not by "#1E40AF". Coarse on purpose: a dozen hue families, light or deep, and the greys.
enum ColourWords {
    /// "a deep blue", "a light pink", "white"; nil for a code that is not `#RRGGBB`.
    static func describe(hex: String) -> String? {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        let (r, g, b) = (
            Double((value >> 16) & 0xFF) / 255, Double((value >> 8) & 0xFF) / 255, Double(value & 0xFF) / 255
        )
        let high = max(r, g, b)
        let low = min(r, g, b)
        let chroma = high - low
        let lightness = Self.lightness(r, g, b)
        // Greys: too little colour to name (a saturation on HSL's scale, so dark greys count too).
        let saturation = chroma == 0 ? 0 : chroma / (1 - abs(high + low - 1))
        if chroma < 0.08 || saturation < 0.12 {
            switch lightness {
            case ..<15: return "black"
            case ..<40: return "a dark grey"
            case ..<75: return "a grey"
            case ..<95: return "a light grey"
            default: return "white"
            }
        }
        var hue: Double
        if high == r {
            hue = 60 * ((g - b) / chroma).truncatingRemainder(dividingBy: 6)
        } else if high == g {
            hue = 60 * ((b - r) / chroma + 2)
        } else {
            hue = 60 * ((r - g) / chroma + 4)
        }
        if hue < 0 { hue += 360 }
        let family: String
        switch hue {
        case ..<15, 345...: family = "red"
        case ..<40: family = lightness < 45 ? "brown" : "orange"
        case ..<65: family = lightness < 45 ? "olive" : "yellow"
        case ..<160: family = "green"
        case ..<195: family = "teal"
        case ..<255: family = "blue"
        case ..<290: family = "purple"
        default: family = "pink"
        }
        // Brown and olive are already the deep shades of orange and yellow; a full yellow is light.
        let lightAbove = family == "yellow" ? 92.0 : 78.0
        let shade =
            family == "brown" || family == "olive"
            ? "" : lightness < 30 ? "deep " : lightness > lightAbove ? "light " : ""
        let words = shade + family
        return (words.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + words
    }

    /// CIE L* (0–100) of an sRGB colour: how light it looks, where HSL calls a saturated teal
    /// (#00897B) as dark as navy.
    static func lightness(_ r: Double, _ g: Double, _ b: Double) -> Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        let y = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
        return y > 216.0 / 24389 ? 116 * cbrt(y) - 16 : y * 24389 / 27
    }
}
