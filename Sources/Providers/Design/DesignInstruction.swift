import Foundation

/// What the layout renderer understands of a refinement ("more dramatic lighting", "title on the
/// left", "say 'Bitcoin 2028'"), applied to the previous version's spec so everything it does not
/// name stays as it was. Keyword matching, not language understanding: what it changes is listed
/// in `changes`, and words it could not place in `notes`, so nothing is silently ignored.
///
/// | asks for | words | effect |
/// | --- | --- | --- |
/// | light and grade | as `StudioInstruction` (dramatic, warmer, brighter, vivid, closer…) | the person's light, the backdrop's vignette, the framing |
/// | title text | anything in quotes; "no title" | the words set, exactly |
/// | title size | bigger / larger / smaller (with title, text or headline) | the largest size that fits, scaled |
/// | position | "title on the left", "me on the right", swap, flip; "title at the bottom" / "on top" | the layout and the person's side |
/// | colour | swap / other / different colours; "accent background"; a colour name with background; solid / plain | the backdrop's two colours (the brand's own shade of a named colour) |
/// | expression | expression, smile, smiling, serious, pose, another photo | the next reference photo (the face itself is never repainted) |
/// | logo | "no logo", "remove the logo"; "add the logo" | the logo shown or not |
public struct DesignInstruction: Sendable, Equatable {
    /// The light and grade dials an instruction moves, each with what it says when moved up or down.
    static func lightDials(_ dials: StudioInstruction) -> [(
        WritableKeyPath<DesignSpec, Double>, Double, String, String
    )] {
        [
            (\.drama, dials.drama, "more dramatic light", "softer light"),
            (\.warmth, dials.warmth, "warmer", "cooler"),
            (\.exposure, dials.exposure, "brighter", "darker"),
            (\.saturation, dials.saturation, "more colourful", "more muted"),
            (\.zoom, dials.zoom, "closer framing", "wider framing"),
        ]
    }

    /// What moving a light dial says (`changes`): a picture model reads the light from the
    /// instruction's own words, so on FAL these are not applied to the spec.
    public static let lightChanges: Set<String> = Set(
        lightDials(StudioInstruction()).flatMap { [$0.2, $0.3] })

    /// The spec's light and grade dials as they were in `previous`.
    public static func keepingLight(_ spec: DesignSpec, from previous: DesignSpec) -> DesignSpec {
        var spec = spec
        for (key, _, _, _) in lightDials(StudioInstruction()) { spec[keyPath: key] = previous[keyPath: key] }
        return spec
    }

    public var changes: [String] = []
    public var notes: [String] = []
    /// Why what was asked needs a generative model (a new outfit, a pose, a place), if it does:
    /// in `notes` too.
    public var needsAModel: [String] = []

    public var understood: Bool { !changes.isEmpty }

    static let colourNames: [String: DesignColour] = [
        "red": DesignColour(hex: "#C62828")!, "orange": DesignColour(hex: "#EF6C00")!,
        "yellow": DesignColour(hex: "#FDD835")!, "green": DesignColour(hex: "#2E7D32")!,
        "teal": DesignColour(hex: "#00796B")!, "blue": DesignColour(hex: "#1565C0")!,
        "navy": DesignColour(hex: "#1A237E")!, "purple": DesignColour(hex: "#6A1B9A")!,
        "pink": DesignColour(hex: "#D81B60")!, "black": DesignColour(hex: "#111111")!,
        "white": DesignColour(hex: "#F5F5F5")!, "grey": DesignColour(hex: "#616161")!,
        "gray": DesignColour(hex: "#616161")!,
    ]

    /// Words that carry no request of their own.
    static let filler: Set<String> = [
        "a", "an", "the", "more", "less", "much", "bit", "little", "lot", "make", "it", "its", "me", "my", "i",
        "please", "and", "or", "with", "to", "of", "in", "on", "at", "for", "so", "very", "some", "too", "be", "is",
        "are", "look", "looks", "looking", "can", "you", "use", "using", "change", "put", "this", "that", "picture",
        "image", "design", "thumbnail", "post", "lighting", "light", "colour", "color", "colours", "colors",
        "background",
        "title", "text", "headline", "words", "say", "says", "write", "side", "left", "right", "top", "bottom", "move",
        "should", "could", "would", "maybe", "just", "now", "again", "instead", "also", "than", "into", "from", "by",
        "set", "show", "want", "like", "we", "us", "our", "your", "but", "not", "no", "without", "fewer", "let", "lets",
        "keep", "slightly", "somewhat", "way", "up", "down", "over", "under", "one", "other", "another",
        "different", "new", "logo", "photo", "pose", "face", "expression", "person", "add", "remove", "hide",
        // "Put the title back: '…'" (a tester's answer was "Not understood, so not done: back").
        "back",
    ]

    /// Words that undo what follows them ("no blue background", "not on the left").
    static let negations: Set<String> = ["no", "not", "don't", "dont", "remove", "without", "hide", "drop"]

    /// Whether the word at `i` is undone by a negation up to `reach` words before it.
    static func negated(_ words: [String], at i: Int, reach: Int = 3) -> Bool {
        words[max(0, i - reach)..<i].contains(where: negations.contains)
    }

    /// Where the person and the title go, when `words` name it: a side ("me on the left", "title on
    /// the right": the title's side is the person's other side) and an end ("title at the bottom",
    /// "on top"); a negated one is not. A refinement and a first prompt both read them
    /// (`DesignSpec.initial`); a first prompt describes as much as it asks, so with `phrased` only
    /// a place said as one counts ("on the left", "at the top", "left side": not "the right way",
    /// "top 5 tools", "my band"). A side the layout cannot show (the title above a person centred
    /// under it) is said in `notes`, not claimed. True when a side was named.
    @discardableResult
    static func place(
        _ words: [String], in spec: inout DesignSpec, into result: inout DesignInstruction, used: inout Set<String>,
        phrased: Bool = false
    ) -> Bool {
        let has = { (word: String) in words.contains(word) }
        let changesBefore = result.changes.count
        // Where `targets` are named as a place (and not undone).
        func named(_ targets: Set<String>, loose: Set<String> = []) -> String? {
            for (i, word) in words.enumerated() where targets.contains(word) || loose.contains(word) {
                guard !negated(words, at: i) else { continue }
                let before = words[max(0, i - 2)..<i]
                let said =
                    !phrased
                    || (targets.contains(word)
                        && (before.contains { ["on", "at", "to", "in"].contains($0) }
                            || (i + 1 < words.count && words[i + 1] == "side")))
                if said { return word }
            }
            return nil
        }
        let allowed = DesignSpec.layouts(for: spec.format)
        let aboutTitle = has("title") || has("text") || has("headline") || has("words")
        let aboutMe = has("me") || has("person") || has("face") || has("i")
        let sideWord = named(["left", "right"])
        if let sideWord {
            let named: DesignSpec.Side = sideWord == "left" ? .left : .right
            let side: DesignSpec.Side = aboutTitle && !aboutMe ? (named == .left ? .right : .left) : named
            spec.personSide = side
            spec.centred = nil
            // A title above centres the person. A first prompt's variations take the band for it
            // where they can (split is variation 0's: the two came out alike but for the light).
            if spec.layout == .stack {
                if phrased, allowed.contains(.band) {
                    spec.layout = .band
                } else if allowed.contains(.split) {
                    spec.layout = .split
                }
            }
            used.formUnion(["left", "right"])
        }
        if named(["bottom"], loose: phrased ? [] : ["band"]) != nil {
            if allowed.contains(.band) {
                spec.layout = .band
                result.changes.append("title in a band at the bottom")
            }
            used.formUnion(["bottom", "band"])
        } else if named(["top"], loose: phrased ? [] : ["above"]) != nil {
            if allowed.contains(.stack) {
                spec.layout = .stack
                result.changes.append("title above you")
            } else {
                result.notes.append(
                    "A \(spec.format.label) is too wide to put the title above you; it stays beside you.")
            }
            used.formUnion(["top", "above"])
        }
        if sideWord != nil {
            if spec.layout == .stack {
                result.notes.append(
                    "With the title above you, you stand in the middle: a \(spec.format.label) has no room for "
                        + "you on a side of it.")
            } else {
                result.changes.insert(
                    spec.personSide == .left ? "you on the left" : "you on the right", at: changesBefore)
            }
        }
        return sideWord != nil
    }

    /// The words that name the backdrop: "background" (or "backdrop") with the colours and a tone
    /// just before it ("a dark blue background"), or the colours just after it ("the background in
    /// navy and teal"). A colour further off names something else ("a red hoodie on a blue
    /// background"); a negated backdrop ("no blue background") names none. `tone` is -1 for dark,
    /// 1 for light, else 0.
    static func backdropWords(_ words: [String]) -> (indices: [Int], colours: [String], tone: Double, solid: Bool)? {
        guard let at = words.firstIndex(where: { $0 == "background" || $0 == "backdrop" }) else { return nil }
        let tones: [String: Double] = ["dark": -1, "darker": -1, "light": 1, "lighter": 1, "pale": 1, "bright": 1]
        let colour = { (i: Int) in colourNames[words[i]] != nil }
        let shading = { (i: Int) in tones[words[i]] != nil || solidWords.contains(words[i]) }
        // Before it, the words right before ("a solid dark blue background"), up to the first that
        // is none of them: "a red hoodie on a blue background" is blue.
        var before: [Int] = []
        var i = at - 1
        while i >= 0, at - i <= 4, colour(i) || shading(i) || words[i] == "and" {
            before.insert(i, at: 0)
            i -= 1
        }
        // After it, the colours within four words ("the background in navy and teal"), each with
        // the tones and "solid" right before it ("the background solid dark navy"): not a tone
        // further off, which may be the light's ("the background navy and the light darker").
        var after: [Int] = []
        for c in (at + 1)..<min(words.count, at + 5) where colour(c) {
            var j = c - 1
            var shades: [Int] = []
            while j > at, shading(j) {
                shades.insert(j, at: 0)
                j -= 1
            }
            after += shades + [c]
        }
        let side = before.contains(where: { colour($0) || shading($0) }) ? before : after
        let indices = side.filter { colour($0) || shading($0) }
        guard let first = indices.first, !negated(words, at: first), !negated(words, at: at) else { return nil }
        return (
            indices + [at], indices.map { words[$0] }.filter { colourNames[$0] != nil },
            indices.compactMap { tones[words[$0]] }.first ?? 0, indices.contains { solidWords.contains(words[$0]) }
        )
    }

    /// Words asking for one colour all over instead of the backdrop's gradient.
    static let solidWords: Set<String> = ["solid", "plain", "flat", "single"]

    /// The words a light dial may read: all but those naming the backdrop ("a dark background" is
    /// not darker light on the person, "a blue background" not cooler).
    static func lightText(_ words: [String]) -> String {
        let backdrop = Set(backdropWords(words)?.indices ?? [])
        return words.indices.filter { !backdrop.contains($0) }.map { words[$0] }.joined(separator: " ")
    }

    /// A backdrop in a named colour or tone (`backdropWords`): the first colour runs to the second,
    /// or to a darker shade of itself; a tone alone darkens or pales the brand's two colours. True
    /// when one was named.
    static func colourBackground(
        _ words: [String], in spec: inout DesignSpec, into result: inout DesignInstruction, used: inout Set<String>,
        palette: [DesignColour] = []
    ) -> Bool {
        guard let (indices, colours, tone, solid) = backdropWords(words) else { return false }
        let (black, white) = (DesignColour(red: 0, green: 0, blue: 0), DesignColour.white)
        let shade = { (name: String) in brandShade(of: name, in: palette) ?? colourNames[name]! }
        if let first = colours.first.map(shade) {
            spec.backgroundFrom = first
            // A colour alone runs to a darker shade of itself: a little for one asked light (a
            // light yellow ran to tan), more otherwise.
            spec.backgroundTo = colours.count > 1 ? shade(colours[1]) : first.mixed(with: black, tone > 0 ? 0.12 : 0.35)
        }
        // A tone with a colour shades it, unless the colour is that dark or light already ("dark
        // navy" is navy; a brand's deep navy darkened was black); alone, it shades the brand's.
        let shaded = colours.isEmpty || (tone < 0 ? spec.backgroundFrom.lab.l > 25 : spec.backgroundFrom.lab.l < 92)
        if !shaded {
            // The colour as it is.
        } else if tone < 0 {
            spec.backgroundFrom = spec.backgroundFrom.mixed(with: black, colours.isEmpty ? 0.7 : 0.4)
            spec.backgroundTo = spec.backgroundTo.mixed(with: black, colours.isEmpty ? 0.8 : 0.5)
        } else if tone > 0 {
            spec.backgroundFrom = spec.backgroundFrom.mixed(with: white, colours.isEmpty ? 0.75 : 0.45)
            spec.backgroundTo = spec.backgroundTo.mixed(with: white, colours.isEmpty ? 0.6 : 0.3)
        }
        // One colour all over, once shaded (the two ends are shaded by different amounts).
        if solid { spec.backgroundTo = spec.backgroundFrom }
        let toneWord = tone < 0 ? "dark" : tone > 0 ? "light" : nil
        let named = [solid ? "solid" : nil, toneWord, colours.first].compactMap { $0 }.joined(separator: " ")
        let brands = colours.first.flatMap { name in brandShade(of: name, in: palette).map { (name, $0) } }
        result.changes.append(
            named + " background" + (brands.map { " in your brand's \($0.0) (\($0.1.hex))" } ?? ""))
        used.formUnion(indices.map { words[$0] })
        used.insert("backdrop")
        return true
    }

    /// Applies `text` to `spec` for a user with `brand` ("other colours" takes the next of its
    /// colours; "the brand colours" its backdrop again).
    public static func apply(_ text: String, to spec: inout DesignSpec, brand: DesignBrand) -> DesignInstruction {
        apply(text, to: &spec, palette: brand.palette, brandBackdrop: brand.backdrop)
    }

    /// Applies `text` to `spec`; `palette` is the brand's colours, for "other colours", and
    /// `brandBackdrop` its backdrop, for "the brand colours" (nil: not understood).
    public static func apply(
        _ text: String, to spec: inout DesignSpec, palette: [DesignColour],
        brandBackdrop: (from: DesignColour, to: DesignColour)? = nil
    ) -> DesignInstruction {
        var result = DesignInstruction()
        var rest = text
        // Quoted words are the new title, exactly as typed.
        if let quoted = DesignPrompt.quoted(in: text) {
            spec.title = quoted.text
            spec.centred = nil
            result.changes.append("title set to “\(quoted.text)”")
            rest.removeSubrange(quoted.range)
        }
        let (words, impossible) = withoutTheImpossible(DesignPrompt.words(of: rest))
        result.needsAModel = impossible
        let has = { (word: String) in words.contains(word) }
        /// A negation within two words before `targets` ("remove the logo", "no title"): only
        /// that thing goes, not everything the instruction names.
        func negates(_ targets: Set<String>) -> Bool {
            words.indices.contains { i in
                targets.contains(words[i]) && words[max(0, i - 2)..<i].contains(where: negations.contains)
            }
        }
        var used: Set<String> = []

        let dials = StudioInstruction(lightText(words))
        func dial(_ key: WritableKeyPath<DesignSpec, Double>, _ step: Double, _ more: String, _ less: String) {
            guard step != 0 else { return }
            spec[keyPath: key] = min(2, max(-2, spec[keyPath: key] + step))
            result.changes.append(step > 0 ? more : less)
        }
        for (key, step, more, less) in Self.lightDials(dials) { dial(key, step, more, less) }
        for word in words where StudioInstruction.dial(for: word) != nil { used.insert(word) }

        let aboutTitle = has("title") || has("text") || has("headline") || has("words")
        if negates(["title", "text", "headline", "words"])
            && !result.changes.contains(where: { $0.hasPrefix("title set") })
        {
            spec.title = ""
            spec.centred = true
            result.changes.append("no title")
        }
        if aboutTitle, has("bigger") || has("larger") || has("huge") || has("smaller") {
            let bigger = !has("smaller")
            spec.titleScale = min(1.6, max(0.4, spec.titleScale * (bigger ? 1.25 : 0.8)))
            result.changes.append(bigger ? "bigger title" : "smaller title")
            used.formUnion(["bigger", "larger", "huge", "smaller"])
        }

        // Position: a side or an end named; else a swap of sides.
        // "The logo in the top left corner": the corner's words are the logo's (drawn in its own
        // corner), not a side or an end for the person.
        let corner = has("logo") && (has("corner") || has("corners"))
        let placing = corner ? words.filter { !["left", "right", "top", "bottom"].contains($0) } : words
        if !place(placing, in: &spec, into: &result, used: &used),
            has("swap") && !(has("colours") || has("colors") || has("colour") || has("color")) || has("flip")
                || has("mirror")
        {
            spec.personSide = spec.personSide == .left ? .right : .left
            spec.centred = nil
            result.changes.append("sides swapped")
            used.formUnion(["swap", "flip", "mirror"])
        }

        // Colour.
        let colourWords = has("colours") || has("colors") || has("colour") || has("color") || has("palette")
        let switching =
            has("swap") || has("switch") || has("other") || has("different") || has("new") || has("change")
        // "The brand colours" back on the backdrop: not "other brand colours" (a switch, below),
        // nor "the title in the brand colour" (the title's, not the backdrop's).
        let brandBackdropAsked =
            has("brand") && !switching && !words.indices.contains { words[$0] == "brand" && negated(words, at: $0) }
            && (has("background") || has("backdrop") || (colourWords && !aboutTitle))
        if colourBackground(words, in: &spec, into: &result, used: &used, palette: DesignBrand.ownColours(palette)) {
            // A named colour wins over the brand's.
        } else if brandBackdropAsked, let (from, to) = brandBackdrop {
            // Back to the brand's own, after a colour was asked for ("blue background").
            (spec.backgroundFrom, spec.backgroundTo) = (from, to)
            result.changes.append("the brand's colours in the background")
            used.formUnion(["brand", "colours", "colors", "colour", "color", "palette", "background", "backdrop"])
        } else if has("accent") && (has("background") || has("backdrop")) {
            spec.backgroundFrom = spec.accent
            result.changes.append("accent-coloured background")
            used.formUnion(["accent", "backdrop"])
        } else if colourWords && switching {
            let others = palette.filter { $0 != spec.backgroundFrom && $0 != spec.backgroundTo && $0 != spec.accent }
            if let next = others.first {
                spec.backgroundFrom = next
            } else {
                swap(&spec.backgroundFrom, &spec.backgroundTo)
            }
            result.changes.append("other brand colours")
            used.formUnion(["switch", "palette"])
        }

        // Expression: the photo that shows the face asked for ("smile"), else another photo.
        if var face = DesignExpression.asked(in: words) {
            // "don't smile" is a serious face, "not serious" a smile.
            if negates(DesignExpression.allWords) { face = face == .smiling ? .serious : .smiling }
            let another = has("another") || has("different") || has("next") || has("other")
            // "another smiling photo" after "smile": the next one in that order.
            spec.referenceRank = another && spec.expression == face ? spec.referenceRank + 1 : 0
            spec.expression = face
            let chosen = spec.referenceRank == 0 ? face.chosen : face.another
            result.changes.append(chosen)
            result.notes.append(
                "The offline renderer never repaints a face: it chose \(chosen), by the teeth and the open mouth it can see."
            )
            used.formUnion(expressionWords)
        } else if !expressionWords.isDisjoint(with: words)
            || (has("photo") && (has("another") || has("different") || has("other")))
        {
            spec.referenceRank += 1
            result.changes.append("another of your photos")
            result.notes.append(
                "The offline renderer never repaints a face, so it cannot change an expression: it used another of your photos."
            )
            used.formUnion(expressionWords)
        }

        if has("logo") {
            let negated = negates(["logo"])
            spec.showLogo = !negated
            result.changes.append(negated ? "no logo" : "logo shown")
            // The logo is drawn in a corner: "my logo in the corner" asks nothing more.
            used.formUnion(corner ? ["corner", "corners", "left", "right", "top", "bottom"] : ["corner", "corners"])
        }

        let unknown = words.filter {
            !filler.contains($0) && !used.contains($0) && !negations.contains($0) && $0 != takenOut
        }
        if !unknown.isEmpty {
            var seen: Set<String> = []
            let list = unknown.filter { seen.insert($0).inserted }.prefix(6).joined(separator: ", ")
            result.notes.append("Not understood, so not done: \(list).")
        }
        result.notes.append(contentsOf: impossible)
        return result
    }
}
