import Foundation

/// A colour in CIELAB (D65 white), from 8-bit sRGB: how far apart two colours look. Used to check
/// that a photo decodes to the colours a colour-managed viewer shows.
public struct CIELab: Sendable, Equatable {
    public let l: Double
    public let a: Double
    public let b: Double

    public init(l: Double, a: Double, b: Double) {
        self.l = l
        self.a = a
        self.b = b
    }

    /// From sRGB values on 0–255 (fractions allowed, e.g. a mean colour).
    public init(srgbRed red: Double, green: Double, blue: Double) {
        let lab = Self.components(
            linearRed: Self.linear(red / 255), green: Self.linear(green / 255), blue: Self.linear(blue / 255),
            cubeRoot: cbrt)
        self.init(l: lab.l, a: lab.a, b: lab.b)
    }

    /// L*, a*, b* of an 8-bit sRGB colour in `Float`, for many pixels at once (a grid over a
    /// photo): the sRGB curve from a table, since its `pow` would be most of the cost.
    @inlinable
    public static func components(red: UInt8, green: UInt8, blue: UInt8) -> (l: Float, a: Float, b: Float) {
        components(
            linearRed: linearSRGB[Int(red)], green: linearSRGB[Int(green)], blue: linearSRGB[Int(blue)],
            cubeRoot: cbrtf)
    }

    /// The sRGB curve undone, for each byte value.
    public static let linearSRGB: [Float] = (0..<256).map { Float(linear(Double($0) / 255)) }

    /// The sRGB curve (IEC 61966-2.1) undone, on 0–1.
    static func linear(_ v: Double) -> Double {
        let c = min(1, max(0, v))
        return c <= 0.040_45 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    /// L*, a*, b* from linear sRGB on 0–1: the one place the formulas live, in either precision.
    @inlinable
    static func components<T: BinaryFloatingPoint>(
        linearRed r: T, green g: T, blue b: T, cubeRoot: (T) -> T
    ) -> (l: T, a: T, b: T) {
        // sRGB to XYZ, D65, over the white's XYZ.
        let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47
        let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b
        let z = (0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b) / 1.088_83
        func f(_ t: T) -> T { t > 216 / 24_389 ? cubeRoot(t) : (24_389 / 27 * t + 16) / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    /// CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation). About 1 is the smallest
    /// difference a person notices side by side; 2 is small.
    public func difference(to other: CIELab) -> Double {
        let (l1, a1, b1, l2, a2, b2) = (l, a, b, other.l, other.a, other.b)
        let cBar = (hypot(a1, b1) + hypot(a2, b2)) / 2
        let g = 0.5 * (1 - (pow(cBar, 7) / (pow(cBar, 7) + pow(25, 7))).squareRoot())
        let (a1p, a2p) = ((1 + g) * a1, (1 + g) * a2)
        let (c1p, c2p) = (hypot(a1p, b1), hypot(a2p, b2))
        func hue(_ b: Double, _ a: Double) -> Double {
            guard a != 0 || b != 0 else { return 0 }
            let h = atan2(b, a) * 180 / .pi
            return h < 0 ? h + 360 : h
        }
        let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p))
        let deltaLp = l2 - l1
        let deltaCp = c2p - c1p
        var deltahp = 0.0
        if c1p * c2p != 0 {
            deltahp = h2p - h1p
            if deltahp > 180 { deltahp -= 360 } else if deltahp < -180 { deltahp += 360 }
        }
        let deltaHp = 2 * (c1p * c2p).squareRoot() * sin(deltahp * .pi / 360)
        let lBarp = (l1 + l2) / 2
        let cBarp = (c1p + c2p) / 2
        var hBarp = h1p + h2p
        if c1p * c2p != 0 {
            if abs(h1p - h2p) <= 180 {
                hBarp /= 2
            } else {
                hBarp = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2
            }
        }
        func rad(_ degrees: Double) -> Double { degrees * .pi / 180 }
        let t =
            1 - 0.17 * cos(rad(hBarp - 30)) + 0.24 * cos(rad(2 * hBarp)) + 0.32 * cos(rad(3 * hBarp + 6))
            - 0.20 * cos(rad(4 * hBarp - 63))
        let deltaTheta = 30 * exp(-pow((hBarp - 275) / 25, 2))
        let rc = 2 * (pow(cBarp, 7) / (pow(cBarp, 7) + pow(25, 7))).squareRoot()
        let sl = 1 + 0.015 * pow(lBarp - 50, 2) / (20 + pow(lBarp - 50, 2)).squareRoot()
        let sc = 1 + 0.045 * cBarp
        let sh = 1 + 0.015 * cBarp * t
        let rt = -sin(rad(2 * deltaTheta)) * rc
        let (dl, dc, dh) = (deltaLp / sl, deltaCp / sc, deltaHp / sh)
        return (dl * dl + dc * dc + dh * dh + rt * dc * dh).squareRoot()
    }
}

extension RGBImage {
    /// The mean of each channel (red, green, blue), 0–255.
    public func bandMeans() -> [Double] {
        var sums = [0.0, 0.0, 0.0]
        pixels.withUnsafeBufferPointer { p in
            for i in stride(from: 0, to: p.count, by: 3) {
                sums[0] += Double(p[i])
                sums[1] += Double(p[i + 1])
                sums[2] += Double(p[i + 2])
            }
        }
        let count = Double(max(1, width * height))
        return sums.map { $0 / count }
    }

    /// The mean colour, in CIELAB.
    public func meanColour() -> CIELab {
        let m = bandMeans()
        return CIELab(srgbRed: m[0], green: m[1], blue: m[2])
    }

    /// How colourful the picture is: the mean CIELAB chroma (√(a² + b²)) of its pixels. A wide-gamut
    /// or P3 photo read as sRGB loses 10–40 % of it, which its mean colour barely shows.
    public func meanChroma() -> Double {
        var sum = 0.0
        pixels.withUnsafeBufferPointer { p in
            for i in stride(from: 0, to: p.count, by: 3) {
                let lab = CIELab(srgbRed: Double(p[i]), green: Double(p[i + 1]), blue: Double(p[i + 2]))
                sum += (lab.a * lab.a + lab.b * lab.b).squareRoot()
            }
        }
        return sum / Double(max(1, width * height))
    }
}
