import Foundation

/// A colour said in words ("deep blue"), for the guide: a creator recognises their colour by its
/// look, not by "#1E40AF". Coarse on purpose: ten hue families (with pink, brown, olive and cream
/// for the light and dark ends of some), deep or light, greyish, and the greys. No article, so it
/// reads in "I've got deep blue (#1E40AF) down as your primary colour" whatever the colour.
enum ColourWords {
    /// "deep blue", "light pink", "greyish blue", "white"; nil for a code that is not `#RRGGBB`.
    static func describe(hex: String) -> String? {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit), let value = UInt32(digits, radix: 16) else {
            return nil
        }
        let (r, g, b) = (
            Double((value >> 16) & 0xFF) / 255, Double((value >> 8) & 0xFF) / 255, Double(value & 0xFF) / 255
        )
        let high = max(r, g, b)
        let low = min(r, g, b)
        let chroma = high - low
        let lightness = Self.lightness(r, g, b)
        // HSL's saturation: how much of what the lightness allows is colour.
        let saturation = chroma == 0 ? 0 : chroma / (1 - abs(high + low - 1))
        if chroma < 0.06 || (chroma < 0.1 && saturation < 0.12) {
            switch lightness {
            case ..<15: return "black"
            case ..<40: return "dark grey"
            case ..<75: return "grey"
            case ..<95: return "light grey"
            default: return "white"
            }
        }
        let hue = Self.hue(r, g, b, high: high, chroma: chroma)
        var family: String
        switch hue {
        case ..<15, 345...: family = lightness > 70 ? "pink" : "red"
        case ..<40: family = lightness < 55 ? "brown" : "orange"
        case ..<65: family = lightness < 60 ? "olive" : "yellow"
        case ..<160: family = "green"
        case ..<195: family = "teal"
        case ..<255: family = "blue"
        case ..<315: family = "purple"
        default: family = "pink"
        }
        // Pale yellows and oranges are cream; a dull red is brown.
        if (30..<65).contains(hue), lightness > 88, chroma < 0.3 { return "cream" }
        if family == "red", lightness < 45, saturation < 0.65 { family = "brown" }
        if family == "orange" || family == "yellow", saturation < 0.6, lightness > 60 { return "beige" }
        if saturation < 0.25 { return "greyish \(family)" }
        // Deep and light where the colour is dark or pale, not where it is merely a bright hue
        // (a full yellow or green is light by nature); brown and olive are deep already, pink light.
        guard family != "brown", family != "olive", family != "pink" || lightness < 28 else { return family }
        if lightness < 28 { return "deep \(family)" }
        if lightness > 78, chroma < 0.75 { return "light \(family)" }
        return family
    }

    /// The HSL hue in degrees (0–360) of a colour with some chroma.
    static func hue(_ r: Double, _ g: Double, _ b: Double, high: Double, chroma: Double) -> Double {
        var hue: Double
        if high == r {
            hue = 60 * ((g - b) / chroma).truncatingRemainder(dividingBy: 6)
        } else if high == g {
            hue = 60 * ((b - r) / chroma + 2)
        } else {
            hue = 60 * ((r - g) / chroma + 4)
        }
        return hue < 0 ? hue + 360 : hue
    }

    /// CIE L* (0–100) of an sRGB colour: how light it looks, where HSL calls a saturated teal
    /// (#00897B) as dark as navy.
    static func lightness(_ r: Double, _ g: Double, _ b: Double) -> Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        let y = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
        return y > 216.0 / 24389 ? 116 * cbrt(y) - 16 : y * 24389 / 27
    }
}
