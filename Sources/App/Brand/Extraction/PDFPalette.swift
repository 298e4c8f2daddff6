import Foundation
import Imaging

/// The palette from everything the PDF says about colour, in order of trust: codes written in the
/// text, then the fills of drawn shapes and the text's own colour, then (only when those give fewer
/// than two colours) clusters of the rendered pages. Colours closer than ΔE00 5 are one colour,
/// kept as the most trusted evidence gave it. Roles come from the words beside a code ("Primary:")
/// first, then from the evidence's weight: the most trusted and largest is primary, the next
/// secondary, the rest accents.
enum PDFPalette {
    struct Candidate: Sendable {
        var hex: String
        var role: Brand.Role?
        var name: String?
        var page: Int?
        var confidence: Double
        /// How much the document uses it: square points of fill, or a share, for ordering.
        var weight: Double
        var lab: CIELab

        init(hex: String, role: Brand.Role?, name: String?, page: Int?, confidence: Double, weight: Double) {
            self.hex = hex
            self.role = role
            self.name = name
            self.page = page
            self.confidence = confidence
            self.weight = weight
            let value = Int(hex.dropFirst(), radix: 16) ?? 0
            lab = CIELab(
                srgbRed: Double(value >> 16 & 0xFF), green: Double(value >> 8 & 0xFF), blue: Double(value & 0xFF))
        }
    }

    static let mergeDistance = 5.0

    static func fromText(_ mentions: [PDFColourCodes.Mention]) -> [Candidate] {
        mentions.map { mention in
            let confidence: Double =
                switch mention.kind {
                case .hex: 0.95
                case .rgb: 0.9
                case .cmyk: 0.8
                }
            return Candidate(
                hex: mention.hex, role: mention.role, name: mention.name, page: mention.page, confidence: confidence,
                weight: 0)
        }
    }

    /// Fills summed by colour; near-white (the paper, a page-sized white box) is left out.
    static func fromFills(_ fills: [PDFVectorFills.Fill]) -> [Candidate] {
        var byColour: [String: (area: Double, page: Int)] = [:]
        for fill in fills { byColour[fill.hex, default: (0, fill.page)].area += fill.area }
        let total = byColour.values.reduce(0) { $0 + $1.area }
        guard total > 0 else { return [] }
        return byColour.map { hex, value in
            let share = value.area / total
            return Candidate(
                hex: hex, role: nil, name: nil, page: value.page, confidence: min(0.85, 0.55 + share),
                weight: value.area)
        }.filter { !isPaper($0.lab) && $0.weight / total >= 0.002 }.sorted { $0.weight > $1.weight }
    }

    /// The colour most of the text is set in, as the `text` role, when it is most of the text.
    static func fromTextColour(_ layer: PDFTextLayer) -> [Candidate] {
        var characters: [String: (count: Int, page: Int)] = [:]
        for run in layer.runs { characters[run.colour, default: (0, run.page)].count += run.text.count }
        let total = characters.values.reduce(0) { $0 + $1.count }
        guard let (hex, value) = characters.max(by: { $0.value.count < $1.value.count }), total > 0,
            Double(value.count) / Double(total) >= 0.5, (try? BrandValidation.hex(hex)) != nil
        else { return [] }
        return [Candidate(hex: hex, role: .text, name: nil, page: value.page, confidence: 0.6, weight: 0)]
    }

    static func fromClusters(_ clusters: [PageColourClusters.Cluster]) -> [Candidate] {
        clusters.map {
            Candidate(
                hex: $0.hex, role: nil, name: nil, page: $0.page, confidence: min(0.6, 0.3 + $0.share),
                weight: $0.share)
        }
    }

    static func isPaper(_ lab: CIELab) -> Bool { lab.l > 96 && hypot(lab.a, lab.b) < 4 }

    /// Merges the groups in the order given (most trusted first) and assigns roles.
    static func palette(_ groups: [[Candidate]]) -> [Brand.Colour] {
        var kept: [Candidate] = []
        for candidate in groups.joined() {
            if let index = kept.firstIndex(where: { $0.lab.difference(to: candidate.lab) < mergeDistance }) {
                kept[index].role = kept[index].role ?? candidate.role
                kept[index].name = kept[index].name ?? candidate.name
                kept[index].weight += candidate.weight
                kept[index].confidence = max(kept[index].confidence, candidate.confidence)
            } else {
                kept.append(candidate)
            }
        }
        // One primary, one secondary, one background and one text colour: the first claim wins.
        var taken: Set<Brand.Role> = []
        for index in kept.indices {
            guard let role = kept[index].role else { continue }
            if role != .accent && taken.contains(role) { kept[index].role = nil } else { taken.insert(role) }
        }
        let unassigned = kept.indices.filter { kept[$0].role == nil }.sorted {
            (kept[$0].confidence >= 0.9 ? 1 : 0, kept[$0].weight) > (
                kept[$1].confidence >= 0.9 ? 1 : 0, kept[$1].weight
            )
        }
        for index in unassigned {
            let role: Brand.Role =
                !taken.contains(.primary) ? .primary : !taken.contains(.secondary) ? .secondary : .accent
            taken.insert(role)
            kept[index].role = role
        }
        let order: [Brand.Role] = [.primary, .secondary, .accent, .background, .text, .other]
        let ranked = kept.enumerated().sorted { x, y in
            let (rx, ry) = (order.firstIndex(of: x.element.role!)!, order.firstIndex(of: y.element.role!)!)
            return rx != ry ? rx < ry : x.offset < y.offset
        }.map(\.element)
        return ranked.prefix(Brand.maxColours).map {
            Brand.Colour(
                hex: $0.hex, role: $0.role!, name: $0.name, source: .pdf, page: $0.page,
                confidence: ($0.confidence * 100).rounded() / 100)
        }
    }
}
