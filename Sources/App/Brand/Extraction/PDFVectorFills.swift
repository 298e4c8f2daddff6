import Foundation

/// The filled shapes of the pages as `pdftocairo -svg` draws them: every `<path>` outside the glyph
/// definitions with a solid fill, its colour and the area of its bounding box. poppler has no tool
/// that lists fills; cairo's SVG writes each one as `fill:rgb(r%,g%,b%)`, which is exact enough to
/// recover 8-bit colours (a percentage with six decimals), and it runs as a separate program like
/// the rest, where a Python helper (pdfplumber) would add an interpreter and a dependency.
struct PDFVectorFills: Sendable {
    struct Fill: Sendable, Equatable {
        var page: Int
        var red: Int
        var green: Int
        var blue: Int
        /// Square points, of the path's bounding box (after its transform's scale).
        var area: Double

        var hex: String { String(format: "#%02X%02X%02X", red, green, blue) }
    }

    var fills: [Fill]

    /// Filled shapes read at most: enough for any real guideline's swatches and artwork.
    static let maxFills = 50_000

    init(fills: [Fill]) { self.fills = fills }

    init(svg: String) {
        var fills: [Fill] = []
        var page = 0
        var inDefinitions = false
        for line in svg.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("<defs") { inDefinitions = true }
            if line.hasPrefix("</defs") { inDefinitions = false }
            if line.hasPrefix("<page>") || line.hasPrefix("<g id=\"surface") && page == 0 { page += 1 }
            guard !inDefinitions, line.hasPrefix("<path"), let colour = Self.fill(in: line),
                let d = PDFTextLayer.attribute("d", in: String(line))
            else { continue }
            var area = Self.boundingArea(d)
            if let transform = PDFTextLayer.attribute("transform", in: String(line)),
                let matrix = Self.matrix(transform)
            {
                area *= abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])
            }
            guard area > 0, area.isFinite else { continue }
            guard fills.count < Self.maxFills else { break }
            fills.append(Fill(page: max(page, 1), red: colour.0, green: colour.1, blue: colour.2, area: area))
        }
        self.fills = fills
    }

    /// `fill:rgb(10.195923%,45.097351%,90.979004%)` → (26, 115, 232); nil for `fill:none`, a
    /// pattern or a half-transparent fill.
    static func fill(in element: Substring) -> (Int, Int, Int)? {
        // cairo 1.16 (Debian 12) writes `style="fill:rgb(…)"`; cairo 1.17.6 and later `fill="rgb(…)"`.
        guard let start = element.range(of: "fill:rgb(") ?? element.range(of: "fill=\"rgb(") else { return nil }
        if let opacity = element.range(of: "fill-opacity:") ?? element.range(of: "fill-opacity=\"") {
            let value = element[opacity.upperBound...].prefix { "0123456789.".contains($0) }
            if let alpha = Double(value), alpha < 0.99 { return nil }
        }
        let rest = element[start.upperBound...]
        guard let end = rest.firstIndex(of: ")") else { return nil }
        let parts = rest[..<end].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3 else { return nil }
        let values = parts.compactMap { part -> Int? in
            // Clamped as a Double first: Int(_:) traps on NaN or a value past Int's range.
            func channel(_ value: Double) -> Int? { value.isFinite ? Int(value.clamped(to: 0...255).rounded()) : nil }
            if part.hasSuffix("%"), let percent = Double(part.dropLast()) { return channel(percent * 2.55) }
            return Double(part).flatMap(channel)
        }
        guard values.count == 3 else { return nil }
        return (values[0], values[1], values[2])
    }

    /// The area of the box around every coordinate pair of a path's data.
    static func boundingArea(_ d: String) -> Double {
        let numbers = d.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        guard numbers.count >= 4 else { return 0 }
        var (minX, maxX, minY, maxY) = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
        for index in stride(from: 0, to: numbers.count - 1, by: 2) {
            minX = min(minX, numbers[index])
            maxX = max(maxX, numbers[index])
            minY = min(minY, numbers[index + 1])
            maxY = max(maxY, numbers[index + 1])
        }
        return (maxX - minX) * (maxY - minY)
    }

    static func matrix(_ transform: String) -> [Double]? {
        guard transform.hasPrefix("matrix("), transform.hasSuffix(")") else { return nil }
        let values = transform.dropFirst(7).dropLast().split(separator: ",").compactMap {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        return values.count == 6 ? values : nil
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
