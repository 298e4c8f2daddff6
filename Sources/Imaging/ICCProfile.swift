import CVipsShim
import Foundation

/// The bytes of an ICC colour profile: one libvips ships (sRGB, Display P3, CMYK), or a simple
/// RGB or grey profile built here from primaries and a gamma. For test fixtures and benchmarks:
/// the product never writes a profile (docs/analysis.md#colour).
public struct ICCProfile: Sendable, Equatable {
    public let bytes: [UInt8]
    /// libvips' name for a built-in profile, which its transforms take directly.
    let libvipsName: String?

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        libvipsName = nil
    }

    private init(builtIn name: String) throws {
        try VipsRuntime.ensureStarted()
        var length = 0
        let buffer = inflio_vips_profile_bytes(name, &length)
        bytes = try VipsImage.takeBuffer(buffer, length: length, "profile \(name)")
        libvipsName = name
    }

    /// libvips' sRGB profile (IEC 61966-2.1).
    public static func srgb() throws -> ICCProfile { try ICCProfile(builtIn: "srgb") }
    /// libvips' Display P3 profile: what most phone photos carry.
    public static func displayP3() throws -> ICCProfile { try ICCProfile(builtIn: "p3") }
    /// libvips' CMYK profile (a print profile, and libvips' fallback for CMYK JPEGs without one).
    public static func cmyk() throws -> ICCProfile { try ICCProfile(builtIn: "cmyk") }

    /// ROMM RGB (ProPhoto) primaries, D50 white, gamma 1.8: far wider than Display P3 or Adobe
    /// RGB, as raw converters write. Its pixels look dull and washed out when read as sRGB.
    public static func wideGamutRGB() -> ICCProfile {
        rgb(
            description: "Wide-gamut RGB (ROMM primaries, gamma 1.8)", red: (0.7347, 0.2653),
            green: (0.1596, 0.8404), blue: (0.0366, 0.0001), gamma: 1.8)
    }

    /// Media white and the profile connection space's illuminant.
    static let d50 = (x: 0.9642, y: 1.0, z: 0.8249)

    /// A version 2 matrix/TRC display profile: the given primaries (CIE xy chromaticities), a D50
    /// white (so no chromatic adaptation is needed) and one gamma for every channel.
    public static func rgb(
        description: String, red: (x: Double, y: Double), green: (x: Double, y: Double),
        blue: (x: Double, y: Double), gamma: Double
    ) -> ICCProfile {
        // The primaries' XYZ at Y = 1, scaled so that full red + green + blue is the white.
        let columns = [red, green, blue].map { p in [p.x / p.y, 1, (1 - p.x - p.y) / p.y] }
        let scales = solve(columns: columns, target: [d50.x, d50.y, d50.z])
        let colorants = zip(columns, scales).map { column, scale in column.map { $0 * scale } }
        return profile(
            colourSpace: "RGB ",
            tags: [
                ("desc", descriptionTag(description)), ("cprt", textTag("No copyright: test data")),
                ("wtpt", xyzTag(d50.x, d50.y, d50.z)),
                ("rXYZ", xyzTag(colorants[0][0], colorants[0][1], colorants[0][2])),
                ("gXYZ", xyzTag(colorants[1][0], colorants[1][1], colorants[1][2])),
                ("bXYZ", xyzTag(colorants[2][0], colorants[2][1], colorants[2][2])),
                ("rTRC", gammaTag(gamma)), ("gTRC", gammaTag(gamma)), ("bTRC", gammaTag(gamma)),
            ])
    }

    /// A version 2 grey display profile: D50 white and one gamma.
    public static func grey(description: String, gamma: Double) -> ICCProfile {
        profile(
            colourSpace: "GRAY",
            tags: [
                ("desc", descriptionTag(description)), ("cprt", textTag("No copyright: test data")),
                ("wtpt", xyzTag(d50.x, d50.y, d50.z)), ("kTRC", gammaTag(gamma)),
            ])
    }

    // MARK: - The ICC format (ICC.1:2001-04, version 2.1)

    private static func profile(colourSpace: String, tags: [(String, [UInt8])]) -> ICCProfile {
        let tableEnd = 128 + 4 + 12 * tags.count
        var table = bigEndian(tags.count)
        var data: [UInt8] = []
        for (signature, body) in tags {
            let padded = body + [UInt8](repeating: 0, count: (4 - body.count % 4) % 4)
            table += Array(signature.utf8) + bigEndian(tableEnd + data.count) + bigEndian(body.count)
            data += padded
        }
        var header = bigEndian(tableEnd + data.count)
        header += [0, 0, 0, 0]  // preferred CMM: none
        header += [0x02, 0x10, 0, 0]  // version 2.1
        header += Array("mntr".utf8) + Array(colourSpace.utf8) + Array("XYZ ".utf8)
        header += [0x07, 0xE8, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]  // created 2024-01-01 00:00:00
        header += Array("acsp".utf8)
        header += [UInt8](repeating: 0, count: 4 + 4 + 4 + 4 + 8 + 4)  // platform … rendering intent
        header += s15Fixed16(d50.x) + s15Fixed16(d50.y) + s15Fixed16(d50.z)
        header += [UInt8](repeating: 0, count: 4 + 16 + 28)  // creator, profile ID, reserved
        precondition(header.count == 128, "an ICC header is 128 bytes")
        return ICCProfile(bytes: header + table + data)
    }

    private static func descriptionTag(_ text: String) -> [UInt8] {
        let ascii = Array(text.utf8) + [0]
        return Array("desc".utf8) + [0, 0, 0, 0] + bigEndian(ascii.count) + ascii
            + [UInt8](repeating: 0, count: 4 + 4 + 2 + 1 + 67)  // no Unicode or ScriptCode text
    }

    private static func textTag(_ text: String) -> [UInt8] {
        Array("text".utf8) + [0, 0, 0, 0] + Array(text.utf8) + [0]
    }

    private static func xyzTag(_ x: Double, _ y: Double, _ z: Double) -> [UInt8] {
        Array("XYZ ".utf8) + [0, 0, 0, 0] + s15Fixed16(x) + s15Fixed16(y) + s15Fixed16(z)
    }

    private static func gammaTag(_ gamma: Double) -> [UInt8] {
        let fixed = UInt16((gamma * 256).rounded())  // u8Fixed8Number
        return Array("curv".utf8) + [0, 0, 0, 0] + bigEndian(1) + [UInt8(fixed >> 8), UInt8(fixed & 0xFF)]
    }

    private static func s15Fixed16(_ value: Double) -> [UInt8] {
        bigEndian(Int(UInt32(bitPattern: Int32((value * 65_536).rounded()))))
    }

    private static func bigEndian(_ value: Int) -> [UInt8] {
        [UInt8((value >> 24) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// Solves Σ scales[i] · columns[i] = target (Cramer's rule; 3 × 3).
    private static func solve(columns m: [[Double]], target t: [Double]) -> [Double] {
        func det(_ a: [Double], _ b: [Double], _ c: [Double]) -> Double {
            a[0] * (b[1] * c[2] - b[2] * c[1]) - b[0] * (a[1] * c[2] - a[2] * c[1]) + c[0] * (a[1] * b[2] - a[2] * b[1])
        }
        let d = det(m[0], m[1], m[2])
        return [det(t, m[1], m[2]) / d, det(m[0], t, m[2]) / d, det(m[0], m[1], t) / d]
    }
}
