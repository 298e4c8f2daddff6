import Foundation
import Imaging

/// The last resort for colours, when the text names none and the pages draw none as shapes (a
/// scanned guideline): k-means in CIELAB over the rendered pages' pixels. Near-white paper and the
/// greys of anti-aliased text are left out before clustering (chroma under 12); each cluster is
/// reported as its most frequent exact colour, so a flat swatch comes back exactly, not averaged
/// with its soft edges.
enum PageColourClusters {
    struct Cluster: Sendable, Equatable {
        var hex: String
        /// Of the chromatic pixels.
        var share: Double
        var page: Int
    }

    /// Pixels of one rendered page, RGB, row by row.
    struct Page: Sendable {
        var number: Int
        var width: Int
        var height: Int
        var pixels: [UInt8]
    }

    static let minimumChroma = 12.0
    static let minimumShare = 0.03

    static func clusters(of pages: [Page], k: Int = 6, iterations: Int = 12) -> [Cluster] {
        // Distinct colours with their counts: flat artwork repeats a few colours many times, so this
        // is far smaller than the pixel count.
        var counts: [UInt32: (count: Int, page: Int)] = [:]
        for page in pages {
            var index = 0
            while index + 2 < page.pixels.count {
                let key =
                    UInt32(page.pixels[index]) << 16 | UInt32(page.pixels[index + 1]) << 8
                    | UInt32(page.pixels[index + 2])
                counts[key, default: (0, page.number)].count += 1
                index += 3
            }
        }
        var colours: [(key: UInt32, lab: CIELab, count: Int, page: Int)] = []
        for (key, value) in counts {
            let lab = CIELab(
                srgbRed: Double(key >> 16 & 0xFF), green: Double(key >> 8 & 0xFF), blue: Double(key & 0xFF))
            guard hypot(lab.a, lab.b) >= minimumChroma else { continue }
            colours.append((key, lab, value.count, value.page))
        }
        let total = colours.reduce(0) { $0 + $1.count }
        guard total > 0 else { return [] }
        // Seeds: the most frequent colours that are far apart (deterministic, unlike k-means++).
        colours.sort { $0.count > $1.count || ($0.count == $1.count && $0.key < $1.key) }
        var centres: [CIELab] = []
        for colour in colours where centres.count < k {
            if centres.allSatisfy({ distance($0, colour.lab) > 15 }) { centres.append(colour.lab) }
        }
        var assignment = [Int](repeating: 0, count: colours.count)
        for _ in 0..<iterations {
            for (index, colour) in colours.enumerated() {
                assignment[index] = centres.indices.min {
                    distance(centres[$0], colour.lab) < distance(centres[$1], colour.lab)
                }!
            }
            var sums = [(l: Double, a: Double, b: Double, n: Double)](repeating: (0, 0, 0, 0), count: centres.count)
            for (index, colour) in colours.enumerated() {
                let weight = Double(colour.count)
                let c = assignment[index]
                sums[c].l += colour.lab.l * weight
                sums[c].a += colour.lab.a * weight
                sums[c].b += colour.lab.b * weight
                sums[c].n += weight
            }
            centres = centres.indices.map { c in
                sums[c].n > 0
                    ? CIELab(l: sums[c].l / sums[c].n, a: sums[c].a / sums[c].n, b: sums[c].b / sums[c].n) : centres[c]
            }
        }
        return centres.indices.compactMap { c -> Cluster? in
            let members = colours.indices.filter { assignment[$0] == c }
            let count = members.reduce(0) { $0 + colours[$1].count }
            let share = Double(count) / Double(total)
            guard share >= minimumShare, let mode = members.max(by: { colours[$0].count < colours[$1].count }) else {
                return nil
            }
            let key = colours[mode].key
            return Cluster(
                hex: String(format: "#%02X%02X%02X", key >> 16 & 0xFF, key >> 8 & 0xFF, key & 0xFF), share: share,
                page: colours[mode].page)
        }.sorted { $0.share > $1.share }
    }

    static func distance(_ x: CIELab, _ y: CIELab) -> Double {
        let (dl, da, db) = (x.l - y.l, x.a - y.a, x.b - y.b)
        return (dl * dl + da * da + db * db).squareRoot()
    }

    /// A binary PPM (P6, 8-bit) as pdftoppm writes it.
    static func page(ppm data: Data, number: Int) -> Page? {
        let bytes = [UInt8](data)
        var fields: [Int] = []
        var index = 0
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "6") else { return nil }
        index = 2
        while fields.count < 3 && index < bytes.count {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
            {
                index += 1
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            }
            var value = 0
            var digits = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), digits < 7 {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
            fields.append(value)
        }
        index += 1  // the one whitespace byte before the pixels
        guard fields.count == 3, fields[2] == 255, fields[0] > 0, fields[1] > 0,
            bytes.count - index >= fields[0] * fields[1] * 3
        else { return nil }
        return Page(
            number: number, width: fields[0], height: fields[1],
            pixels: Array(bytes[index..<index + fields[0] * fields[1] * 3]))
    }
}
