import Foundation

/// The brand's name, voice, audience and guidelines from the text layer, without a language model:
/// headings are runs set larger than the body (or bold and short on a line of their own), and a
/// section is the text under a heading until the next one. A section is read for a field when its
/// heading names it ("Brand voice", "Tone of voice", "Audience", "Mission", "Do's and don'ts").
/// This is a heuristic, and every field says so with its confidence.
enum PDFBrandWords {
    struct Section: Sendable {
        var heading: String
        var page: Int
        var lines: [String]
    }

    static let headingConfidence = 0.6

    static func sections(_ layer: PDFTextLayer) -> [Section] {
        let body = layer.bodySize
        var sections: [Section] = []
        for run in layer.runs {
            let isHeading =
                run.size >= body * 1.15 || (run.bold && run.text.count <= 60 && !run.text.hasSuffix("."))
            if isHeading {
                sections.append(Section(heading: run.text, page: run.page, lines: []))
            } else if !sections.isEmpty {
                sections[sections.count - 1].lines.append(run.text)
            }
        }
        return sections
    }

    /// The largest text on page 1, without a trailing "brand guidelines".
    static func name(_ layer: PDFTextLayer) -> Brand.Text? {
        let first = layer.runs.filter { $0.page == layer.runs.first?.page && $0.text.contains(where: \.isLetter) }
        guard let largest = first.max(by: { $0.size < $1.size || ($0.size == $1.size && $0.top > $1.top) }) else {
            return nil
        }
        var name = largest.text
        for suffix in ["brand guidelines", "brand guide", "style guide", "guidelines"] {
            if name.lowercased().hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: " :–—-|").union(.whitespaces))
        guard !name.isEmpty, name.count <= 100 else { return nil }
        let standsOut = largest.size >= layer.bodySize * 1.5
        return Brand.Text(value: name, source: .pdf, page: largest.page, confidence: standsOut ? 0.7 : 0.4)
    }

    static func section(_ sections: [Section], matching words: [String]) -> Section? {
        sections.first { section in
            let heading = section.heading.lowercased()
            return words.contains { heading.contains($0) } && !section.lines.isEmpty
        }
    }

    static func joined(_ lines: [String], limit: Int) -> String {
        var text = ""
        for line in lines {
            let next = text.isEmpty ? line : text + " " + line
            if next.count > limit { break }
            text = next
        }
        return text
    }

    static func voice(_ sections: [Section]) -> Brand.Voice? {
        guard
            let section = section(sections, matching: ["voice", "tone", "personality", "how we sound", "how we speak"])
        else { return nil }
        let text = joined(section.lines, limit: 500)
        // A line that is a short list ("Friendly, confident, clear.") gives the adjectives.
        let list = section.lines.first { line in
            line.contains(",") && line.split(separator: ",").allSatisfy { $0.split(separator: " ").count <= 3 }
        }
        return Brand.Voice(
            adjectives: list.map(BrandValidation.adjectives) ?? [], text: text, source: .pdf, page: section.page,
            confidence: headingConfidence)
    }

    static func audience(_ sections: [Section]) -> Brand.Text? {
        guard let section = section(sections, matching: ["audience", "who we serve", "our customers", "who we're for"])
        else { return nil }
        return Brand.Text(
            value: joined(section.lines, limit: 500), source: .pdf, page: section.page, confidence: headingConfidence)
    }

    static func guidelines(_ sections: [Section]) -> Brand.Guidelines? {
        var dos: [String] = []
        var donts: [String] = []
        var page: Int?
        for section in sections {
            let heading = section.heading.lowercased().replacingOccurrences(of: "’", with: "'")
            let both = heading.contains("do") && (heading.contains("don't") || heading.contains("dont"))
            let onlyDonts = !both && (heading.contains("don't") || heading.contains("avoid"))
            let onlyDos = !both && !onlyDonts && (heading == "do" || heading == "do's" || heading == "dos")
            guard both || onlyDonts || onlyDos else { continue }
            page = page ?? section.page
            for line in section.lines {
                let lower = line.lowercased().replacingOccurrences(of: "’", with: "'")
                let cleaned = line.trimmingCharacters(in: CharacterSet(charactersIn: "✓✔✗✘×•-–— ."))
                guard cleaned.count <= 200, !cleaned.isEmpty else { continue }
                if onlyDonts || lower.hasPrefix("don't") || lower.hasPrefix("do not") || lower.hasPrefix("never")
                    || lower.hasPrefix("avoid") || lower.hasPrefix("✗") || lower.hasPrefix("✘")
                {
                    donts.append(cleaned)
                } else if onlyDos || lower.hasPrefix("do ") || lower.hasPrefix("always") || lower.hasPrefix("✓")
                    || lower.hasPrefix("✔")
                {
                    dos.append(cleaned)
                }
            }
        }
        let tagline = section(sections, matching: ["tagline", "mission", "slogan", "promise"]).flatMap { section in
            section.lines.first.map { line in
                String(line.split(separator: ".", maxSplits: 1).first ?? Substring(line)).trimmingCharacters(
                    in: .whitespaces)
            }
        }.flatMap { $0.isEmpty || $0.count > 120 ? nil : $0 }
        guard !dos.isEmpty || !donts.isEmpty || tagline != nil else { return nil }
        return Brand.Guidelines(
            dos: Array(dos.prefix(10)), donts: Array(donts.prefix(10)), tagline: tagline, source: .pdf, page: page,
            confidence: headingConfidence)
    }
}
