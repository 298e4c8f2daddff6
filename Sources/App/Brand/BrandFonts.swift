/// Font names as people write them ("Montserrat for headings, Open Sans for body", "a clean modern
/// sans") matched to known families, each with a fallback this machine renders (DejaVu, which the
/// set-up's libvips and Chromium packages bring along).
enum BrandFonts {
    enum Kind: String { case sans, serif, mono, display }

    static let fallbacks: [Kind: String] = [
        .sans: "DejaVu Sans", .serif: "DejaVu Serif", .mono: "DejaVu Sans Mono", .display: "DejaVu Sans",
    ]

    /// Well-known families and their kind. Matching is case-insensitive on the whole name.
    static let known: [(family: String, kind: Kind)] = [
        ("Inter", .sans), ("Roboto", .sans), ("Open Sans", .sans), ("Lato", .sans), ("Montserrat", .sans),
        ("Poppins", .sans), ("Helvetica Neue", .sans), ("Helvetica", .sans), ("Arial", .sans),
        ("Source Sans Pro", .sans), ("Source Sans", .sans), ("Nunito", .sans), ("Raleway", .sans),
        ("Work Sans", .sans), ("DM Sans", .sans), ("Noto Sans", .sans), ("DejaVu Sans", .sans),
        ("Liberation Sans", .sans), ("Futura", .sans), ("Avenir", .sans), ("Gotham", .sans), ("Oswald", .display),
        ("Bebas Neue", .display), ("Anton", .display), ("Playfair Display", .serif), ("Merriweather", .serif),
        ("Georgia", .serif), ("Times New Roman", .serif), ("Garamond", .serif), ("Lora", .serif),
        ("Libre Baskerville", .serif), ("Noto Serif", .serif), ("DejaVu Serif", .serif),
        ("Liberation Serif", .serif), ("Roboto Mono", .mono), ("Fira Code", .mono), ("JetBrains Mono", .mono),
        ("Courier New", .mono), ("DejaVu Sans Mono", .mono),
    ]

    /// The known families named in `text`, in the order they appear (longer names win over their
    /// prefixes: "Helvetica Neue" is not also "Helvetica").
    static func families(in text: String) -> [(family: String, kind: Kind)] {
        placed(in: text).map { ($0.family, $0.kind) }
    }

    /// `families(in:)` with where each lies in `text.lowercased()` (which may differ from `text`
    /// in length, for letters such as "İ").
    static func placed(in text: String) -> [(range: Range<String.Index>, family: String, kind: Kind)] {
        let lower = text.lowercased()
        var found: [(range: Range<String.Index>, family: String, kind: Kind)] = []
        for entry in known.sorted(by: { $0.family.count > $1.family.count }) {
            var searchFrom = lower.startIndex
            while let range = lower.range(of: entry.family.lowercased(), range: searchFrom..<lower.endIndex) {
                if !found.contains(where: { $0.range.overlaps(range) }) {
                    found.append((range, entry.family, entry.kind))
                }
                searchFrom = range.upperBound
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The style words when no family is named: "serif", "mono", otherwise sans.
    static func kind(ofStyle text: String) -> Kind {
        let lower = text.lowercased()
        if lower.contains("mono") || lower.contains("typewriter") || lower.contains("code") { return .mono }
        if lower.contains("sans") { return .sans }
        if lower.contains("serif") || lower.contains("classic") || lower.contains("elegant") { return .serif }
        if lower.contains("bold") || lower.contains("display") || lower.contains("condensed") { return .display }
        return .sans
    }

    /// Words that describe a look rather than name a font ("bold and playful", "clean, modern"). The
    /// page's `fontHint` (brand-form.js) reads the same list to say so under the field.
    static let styleWords: Set<String> = [
        "bold", "playful", "clean", "modern", "classic", "elegant", "minimal", "minimalist", "simple", "fun",
        "friendly", "serious", "rounded", "handwritten", "geometric", "retro", "vintage", "techy", "futuristic",
        "professional", "warm", "sans", "serif", "mono", "light", "heavy", "thin", "condensed", "sleek", "quirky",
        "calm", "strong", "soft", "and", "or", "a", "with", "style", "font", "fonts", "look", "feel", "but", "very",
        "slightly",
    ]

    /// Whether a family as written is a style ("bold and playful"), which the questionnaire keeps as
    /// written (BRAND.md) but no machine can install: a design sets it in its fallback, without
    /// calling it a missing font. One word ("Gilroy", "Bold") may be a family's name.
    static func isStyle(_ family: String) -> Bool {
        let words = family.lowercased().split { !("a"..."z").contains($0) }
        return words.count > 1 && words.allSatisfy { styleWords.contains(String($0)) }
    }

    /// Heading and body fonts from the questionnaire's free text.
    static func fromQuestionnaire(_ text: String) -> Brand.Fonts {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return Brand.Fonts() }
        let named = placed(in: trimmed)
        if named.isEmpty {
            // Kept as written, rendered with the closest fallback.
            let font = Brand.Font(
                family: String(trimmed.prefix(80)), fallback: fallbacks[kind(ofStyle: trimmed)]!,
                source: .questionnaire)
            return Brand.Fonts(heading: font, body: font)
        }
        // The weight written beside each ("Montserrat, bold" is Montserrat 700; it was Montserrat).
        let lower = trimmed.lowercased()
        var fonts: [Brand.Font] = []
        var tookAfter = false
        for (i, (range, family, kind)) in named.enumerated() {
            let after = lower[range.upperBound..<(i + 1 < named.count ? named[i + 1].range.lowerBound : lower.endIndex)]
            let before = lower[(i > 0 ? named[i - 1].range.upperBound : lower.startIndex)..<range.lowerBound]
            let written = weight(after: after, before: before, beforeIsTaken: tookAfter)
            tookAfter = written?.after ?? false
            fonts.append(
                Brand.Font(family: family, weight: written?.weight, fallback: fallbacks[kind]!, source: .questionnaire))
        }
        // One family is both; a bold weight beside it is the headings' ("Montserrat, bold" set the
        // review's body text in bold), a light or regular one the brand's whole text.
        var body = fonts.count > 1 ? fonts[1] : fonts[0]
        if fonts.count == 1, let weight = body.weight, weight > 500 { body.weight = nil }
        return Brand.Fonts(heading: fonts[0], body: body)
    }

    /// A family written on the review page: a known one gets its kind's fallback, any other sans.
    static func font(family: String, weight: Int?, source: Brand.Source) -> Brand.Font {
        let kind = known.first { $0.family.lowercased() == family.lowercased() }?.kind ?? kind(ofStyle: family)
        return Brand.Font(family: family, weight: weight, fallback: fallbacks[kind]!, source: source)
    }
}
