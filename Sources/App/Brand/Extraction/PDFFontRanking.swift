import Foundation

/// Heading and body fonts from the fonts the text is set in. A PDF names fonts as
/// `ABCDEF+OpenSans-SemiBold`: the subset prefix is stripped, the weight folded into the family
/// (`Open Sans`, 600), and families are ranked by how many characters use them. The body font is
/// the one most characters are set in at the body size; the heading font the one most characters
/// are set in at least a fifth larger.
enum PDFFontRanking {
    struct Name: Sendable, Equatable {
        var family: String
        var weight: Int?
    }

    static let weights: [(word: String, weight: Int)] = [
        ("extralight", 200), ("ultralight", 200), ("semibold", 600), ("demibold", 600), ("extrabold", 800),
        ("ultrabold", 800), ("hairline", 100), ("thin", 100), ("light", 300), ("regular", 400), ("book", 400),
        ("roman", 400), ("normal", 400), ("medium", 500), ("bold", 700), ("black", 900), ("heavy", 900),
    ]
    static let styleWords = ["italic", "oblique", "condensed", "narrow", "mt", "ps", "std"]

    static func name(_ pdfName: String) -> Name {
        var name = pdfName
        // The subset tag: six capital letters and a plus.
        if let plus = name.firstIndex(of: "+"), name.distance(from: name.startIndex, to: plus) == 6,
            name[..<plus].allSatisfy({ $0.isUppercase && $0.isASCII })
        {
            name = String(name[name.index(after: plus)...])
        }
        let parts = name.split(whereSeparator: { $0 == "-" || $0 == "," || $0 == "_" })
        var base = parts.first.map(String.init) ?? name
        var styles = parts.dropFirst().joined(separator: " ").lowercased()
        // A weight written into the base name ("OpenSansBold"), at its end.
        for (word, _) in weights where base.lowercased().hasSuffix(word) && base.count > word.count + 2 {
            styles += " " + word
            base.removeLast(word.count)
            break
        }
        var weight: Int?
        for (word, value) in weights where styles.contains(word) {
            weight = value
            break
        }
        return Name(family: family(base), weight: weight)
    }

    /// `LiberationSerif` → `Liberation Serif`: a known family when the letters match one (spaces and
    /// case aside), else split where a lower-case letter meets a capital.
    static func family(_ base: String) -> String {
        let squashed = base.lowercased().filter { $0.isLetter || $0.isNumber }
        if let known = BrandFonts.known.map(\.family).filter({
            $0.lowercased().filter { $0.isLetter || $0.isNumber } == squashed
        }).first {
            return known
        }
        var words = ""
        var previous: Character?
        for character in base {
            if let previous, character.isUppercase, previous.isLowercase { words.append(" ") }
            words.append(character)
            previous = character
        }
        return words.trimmingCharacters(in: .whitespaces)
    }

    static func fonts(_ layer: PDFTextLayer) -> Brand.Fonts {
        let runs = layer.runs.filter { !$0.font.isEmpty }
        guard !runs.isEmpty else { return Brand.Fonts() }
        let bodySize = layer.bodySize
        func ranked(_ runs: [PDFTextLayer.Run]) -> (family: String, weight: Int?)? {
            var characters: [String: Int] = [:]
            var boldCharacters: [String: Int] = [:]
            var weight: [String: Int] = [:]
            for run in runs {
                let name = name(run.font)
                characters[name.family, default: 0] += run.text.count
                if run.bold || (name.weight ?? 400) >= 600 { boldCharacters[name.family, default: 0] += run.text.count }
                if let value = name.weight { weight[name.family] = value }
            }
            guard let best = characters.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })
            else { return nil }
            let bold = 2 * (boldCharacters[best.key] ?? 0) > best.value
            return (best.key, weight[best.key] ?? (bold ? 700 : nil))
        }
        let body = ranked(runs.filter { $0.size == bodySize })
        let heading = ranked(runs.filter { $0.size >= bodySize * 1.2 }) ?? body
        func font(_ ranked: (family: String, weight: Int?)?) -> Brand.Font? {
            guard let ranked else { return nil }
            return BrandFonts.font(family: ranked.family, weight: ranked.weight, source: .pdf)
        }
        return Brand.Fonts(heading: font(heading), body: font(body))
    }
}
