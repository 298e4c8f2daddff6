import Foundation

/// Colour codes written in the guideline's text: `#1A73E8` / `HEX 1A73E8`, `RGB 26 115 232`,
/// `CMYK 89 50 0 9` (converted with BRAND.md's plain formula) and PANTONE names, with the role
/// word ("primary") and the colour's name from the code's own line or the label above it.
enum PDFColourCodes {
    struct Mention: Sendable, Equatable {
        enum Kind: String, Sendable { case hex, rgb, cmyk }
        var hex: String
        var kind: Kind
        var role: Brand.Role?
        var name: String?
        var page: Int
    }

    /// Codes read at most (a palette is 8 colours; a crafted text layer can hold millions of codes).
    static let maxMentions = 300
    static let labelWindow = 40

    nonisolated(unsafe) static let hexPattern = try! NSRegularExpression(
        pattern: #"(?:#|\bhex\s*:?\s*#?)([0-9a-f]{6})\b"#, options: [.caseInsensitive])
    nonisolated(unsafe) static let rgbPattern = try! NSRegularExpression(
        pattern: #"\brgba?\s*:?\s*\(?\s*(\d{1,3})\s*[,/ ]\s*(\d{1,3})\s*[,/ ]\s*(\d{1,3})\b"#,
        options: [.caseInsensitive])
    nonisolated(unsafe) static let cmykPattern = try! NSRegularExpression(
        pattern:
            #"\bcmyk\s*:?\s*\(?\s*(\d{1,3})\s*%?\s*[,/ ]\s*(\d{1,3})\s*%?\s*[,/ ]\s*(\d{1,3})\s*%?\s*[,/ ]\s*(\d{1,3})\b"#,
        options: [.caseInsensitive])
    nonisolated(unsafe) static let pantonePattern = try! NSRegularExpression(
        pattern: #"\bpantone\s+([0-9a-z][0-9a-z \-]{0,18}?)(?=\s*(?:[,;:.)]|$|\s(?:hex|rgb|cmyk)\b))"#,
        options: [.caseInsensitive])

    /// CMYK in percent to sRGB by the plain formula BRAND.md names: R = 255 × (1 − C) × (1 − K).
    /// Not colour-managed (no press profile): the guideline's own HEX, when given, wins.
    static func rgb(cyan: Double, magenta: Double, yellow: Double, black: Double) -> (Int, Int, Int) {
        func channel(_ ink: Double) -> Int { Int((255 * (1 - ink / 100) * (1 - black / 100)).rounded()) }
        return (channel(cyan), channel(magenta), channel(yellow))
    }

    static func mentions(in layer: PDFTextLayer) -> (mentions: [Mention], unconvertedPantones: [String]) {
        var mentions: [Mention] = []
        var pantones: [String] = []
        for (index, run) in layer.runs.enumerated() {
            let found = codes(in: run.text)
            let pantone = firstMatch(pantonePattern, in: run.text).map { "PANTONE " + $0[0].uppercased() }
            if found.isEmpty {
                if let pantone { pantones.append(pantone) }
                continue
            }
            guard mentions.count < maxMentions else { break }
            let label = self.label(for: index, in: layer)
            for (hex, kind, prefix) in found {
                let own = words(prefix)
                let said = role(in: prefix) ?? label.flatMap { role(in: $0) }
                let name = pantone ?? own ?? label.flatMap(words)
                mentions.append(Mention(hex: hex, kind: kind, role: said, name: name, page: run.page))
            }
        }
        return (mentions, pantones)
    }

    /// Every code in one run, with the text before it.
    static func codes(in text: String) -> [(hex: String, kind: Mention.Kind, prefix: String)] {
        var found: [(Int, String, Mention.Kind)] = []
        let ns = text as NSString
        let range = NSRange(location: 0, length: ns.length)
        for match in hexPattern.matches(in: text, range: range) {
            found.append((match.range.location, "#" + ns.substring(with: match.range(at: 1)).uppercased(), .hex))
        }
        for match in rgbPattern.matches(in: text, range: range) {
            let values = (1...3).compactMap { Int(ns.substring(with: match.range(at: $0))) }
            guard values.count == 3, values.allSatisfy({ $0 <= 255 }) else { continue }
            found.append((match.range.location, String(format: "#%02X%02X%02X", values[0], values[1], values[2]), .rgb))
        }
        for match in cmykPattern.matches(in: text, range: range) {
            let values = (1...4).compactMap { Double(ns.substring(with: match.range(at: $0))) }
            guard values.count == 4, values.allSatisfy({ $0 <= 100 }) else { continue }
            let (r, g, b) = rgb(cyan: values[0], magenta: values[1], yellow: values[2], black: values[3])
            found.append((match.range.location, String(format: "#%02X%02X%02X", r, g, b), .cmyk))
        }
        return found.sorted { $0.0 < $1.0 }.map { location, hex, kind in
            (hex, kind, ns.substring(to: location))
        }
    }

    /// The swatch's label: the nearest run above in the same column (within four lines) that holds
    /// no code itself, as "Primary: Harbour Blue" over "HEX #1A73E8".
    static func label(for index: Int, in layer: PDFTextLayer) -> String? {
        let run = layer.runs[index]
        let reach = max(run.height, 10) * 4.5
        // Only the runs written just before or after: labels are next to their codes, and a search
        // of the whole document per code would cost the square of its length.
        let nearby = layer.runs[max(0, index - labelWindow)..<min(layer.runs.count, index + labelWindow)]
        return nearby.filter { other in
            other.page == run.page && abs(other.left - run.left) <= 30 && other.top < run.top
                && run.top - other.top <= reach && codes(in: other.text).isEmpty
        }.max { $0.top < $1.top }?.text
    }

    static func role(in text: String) -> Brand.Role? {
        let lower = text.lowercased()
        if lower.contains("primary") || lower.contains("main colo") { return .primary }
        if lower.contains("secondary") { return .secondary }
        if lower.contains("accent") || lower.contains("tertiary") || lower.contains("highlight") { return .accent }
        if lower.contains("background") { return .background }
        if lower.contains("text colo") || lower.contains("body text") { return .text }
        return nil
    }

    /// A colour's name from a label: the role word, "colour" and code words removed; a short phrase
    /// only (a sentence around a code is not a name).
    static func words(_ text: String) -> String? {
        var name = text
        for word in [
            "primary", "secondary", "tertiary", "accent", "highlight", "background", "colours", "colour", "colors",
            "color", "hex", "rgb", "cmyk",
        ] {
            name = name.replacingOccurrences(of: word, with: " ", options: [.caseInsensitive])
        }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: " :–—-·|,.()#").union(.whitespaces))
        let words = name.split(separator: " ")
        guard !words.isEmpty, words.count <= 4, name.count <= 40, name.contains(where: \.isLetter) else { return nil }
        return words.joined(separator: " ")
    }

    static func firstMatch(_ pattern: NSRegularExpression, in text: String) -> [String]? {
        let ns = text as NSString
        guard let match = pattern.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else {
            return nil
        }
        return (1..<match.numberOfRanges).map { ns.substring(with: match.range(at: $0)) }
    }
}
