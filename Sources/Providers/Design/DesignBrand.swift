/// What a design takes from the user's brand record: its colours by role, the heading font and
/// whether a logo exists. Without a brand, `standard` gives a neutral, readable set.
public struct DesignBrand: Sendable, Equatable {
    public enum Role: String, Sendable { case primary, secondary, accent, background, text, other }

    public var colours: [(hex: String, role: Role)]
    public var font: String
    public var fontFallback: String
    /// The heading's weight (100–900), nil when the brand names none.
    public var fontWeight: Int?
    public var hasLogo: Bool

    public init(
        colours: [(hex: String, role: Role)], font: String, fontFallback: String, fontWeight: Int? = nil,
        hasLogo: Bool
    ) {
        self.colours = colours
        self.font = font
        self.fontFallback = fontFallback
        self.fontWeight = fontWeight
        self.hasLogo = hasLogo
    }

    public static func == (a: DesignBrand, b: DesignBrand) -> Bool {
        a.colours.map(\.hex) == b.colours.map(\.hex) && a.colours.map(\.role) == b.colours.map(\.role)
            && a.font == b.font && a.fontFallback == b.fontFallback && a.fontWeight == b.fontWeight
            && a.hasLogo == b.hasLogo
    }

    public static let standard = DesignBrand(
        colours: [("#1E293B", .primary), ("#0F766E", .secondary), ("#F97316", .accent)], font: "DejaVu Sans",
        fontFallback: "DejaVu Sans", hasLogo: false)

    func colour(_ role: Role) -> DesignColour? {
        colours.first { $0.role == role }.flatMap { DesignColour(hex: $0.hex) }
    }

    public var palette: [DesignColour] { colours.compactMap { DesignColour(hex: $0.hex) } }

    /// Of `palette`, the colours that are a person's own brand's: none when it is the standard
    /// set a person without a brand gets (its slate is nobody's "navy").
    static func ownColours(_ palette: [DesignColour]) -> [DesignColour] {
        palette == standard.palette ? [] : palette
    }

    /// The backdrop's two colours: the primary (else the first), running to the secondary or the
    /// background colour (else another that is not the accent, else a darker shade of the first).
    public var backdrop: (from: DesignColour, to: DesignColour) {
        let from = colour(.primary) ?? palette.first ?? Self.standard.colour(.primary)!
        let to =
            colour(.secondary) ?? colour(.background)
            ?? palette.first { $0 != from && $0 != colour(.accent) }
            ?? from.mixed(with: DesignColour(red: 0, green: 0, blue: 0), 0.4)
        return (from, to)
    }
}

extension DesignSpec {
    /// The first version's spec: the brand's colours and font, the prompt's title and mood, and
    /// for a set of variations (`variation` 0–3) another layout, side, colour order or photo each.
    public static func initial(
        format: DesignFormat, prompt: String, title: String?, brand: DesignBrand, seed: UInt64, variation: Int = 0
    ) -> DesignSpec {
        let fallback = DesignBrand.standard
        let palette = brand.palette
        let (from, to) = brand.backdrop
        // Only the brand's colours: without an accent, a third colour, else the second, else a tint
        // of the one (a built-in orange had ruled every title of a two-colour brand).
        let accent =
            brand.colour(.accent) ?? palette.first { $0 != from && $0 != to }
            ?? (palette.contains(to)
                ? to : palette.isEmpty ? fallback.colour(.accent)! : from.mixed(with: .white, 0.55))
        let layouts = layouts(for: format)
        var spec = DesignSpec(
            format: format, title: title ?? DesignPrompt.quoted(in: prompt)?.text ?? "", layout: layouts[0],
            personSide: .right, scenario: DesignPrompt.scenario(for: prompt, format: format), backgroundFrom: from,
            backgroundTo: to, accent: accent, text: brand.colour(.text), font: brand.font,
            fontFallback: brand.fontFallback, showLogo: brand.hasLogo, seed: seed)
        if brand.colour(.accent) == nil, !palette.isEmpty, !palette.contains(accent) { spec.accentIsTint = true }
        spec.fontWeight = brand.fontWeight
        // The light words besides the title and the backdrop's ("a dark background" is not darker
        // light on the person).
        let dials = StudioInstruction(DesignInstruction.lightText(DesignPrompt.wordsBesideTitle(prompt)))
        spec.drama = dials.drama
        spec.warmth = dials.warmth
        spec.exposure = dials.exposure
        spec.saturation = dials.saturation
        spec.zoom = dials.zoom  // "a close-up thumbnail": the framing, as a refinement's would be
        // "me looking excited": the photo that shows it most (the face is never repainted).
        spec.expression = DesignExpression.asked(in: DesignPrompt.wordsBesideTitle(prompt))
        switch variation % 4 {
        case 1:
            // The other side where the layout has sides, the other colour order where it has not.
            spec.personSide = .left
            if spec.layout != .split { swap(&spec.backgroundFrom, &spec.backgroundTo) }
            spec.referenceRank = 1
        case 2:
            spec.layout = layouts.count > 1 ? layouts[1] : layouts[0]
            spec.backgroundFrom = accent
            spec.warmth = min(2, spec.warmth + 1)
        case 3:
            spec.layout = layouts.last!
            spec.personSide = .left
            spec.referenceRank = 2
            spec.drama = min(2, spec.drama + 1)
        default:
            break
        }
        // A side, an end ("on the left", "at the bottom") or a background colour the prompt asks
        // for holds for every variation: the variations differ in everything else.
        var reply = DesignInstruction()
        var used: Set<String> = []
        let words = DesignPrompt.wordsBesideTitle(prompt)
        DesignInstruction.place(words, in: &spec, into: &reply, used: &used, phrased: true)
        _ = DesignInstruction.colourBackground(
            words, in: &spec, into: &reply, used: &used, palette: DesignBrand.ownColours(brand.palette))
        // A face asked for is every variation's (which differ in all else): the next photo is not
        // that face, and its note would say it was.
        if spec.expression != nil { spec.referenceRank = 0 }
        return spec
    }
}
