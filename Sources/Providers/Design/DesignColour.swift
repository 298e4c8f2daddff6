import Foundation

/// An sRGB colour of a design, with the WCAG measures its title is checked by.
public struct DesignColour: Codable, Sendable, Equatable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From `#RRGGBB`; nil for anything else.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
        self.init(
            red: Double((value >> 16) & 255), green: Double((value >> 8) & 255), blue: Double(value & 255))
    }

    public var hex: String {
        String(format: "#%02X%02X%02X", Int(red.rounded()), Int(green.rounded()), Int(blue.rounded()))
    }

    public static let white = DesignColour(red: 255, green: 255, blue: 255)
    public static let ink = DesignColour(red: 17, green: 17, blue: 17)

    /// WCAG 2 relative luminance, 0 (black) to 1 (white).
    public var luminance: Double { Self.luminance(red, green, blue) }

    /// sRGB's transfer function undone, for each 8-bit value: the pixel loops look it up instead
    /// of calling `pow` three times a pixel.
    static let linear8: [Double] = (0..<256).map { v in
        let s = Double(v) / 255
        return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
    }

    static func luminance8(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Double {
        0.2126 * linear8[Int(r)] + 0.7152 * linear8[Int(g)] + 0.0722 * linear8[Int(b)]
    }

    static func luminance(_ r: Double, _ g: Double, _ b: Double) -> Double {
        func linear(_ c: Double) -> Double {
            let s = c / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// WCAG 2 contrast ratio between two relative luminances, 1 to 21.
    public static func contrast(_ a: Double, _ b: Double) -> Double {
        (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    func mixed(with other: DesignColour, _ t: Double) -> DesignColour {
        DesignColour(
            red: red + (other.red - red) * t, green: green + (other.green - green) * t,
            blue: blue + (other.blue - blue) * t)
    }

    var tuple: (Double, Double, Double) { (red, green, blue) }
}
