import Foundation

/// What the offline studio makes of a portrait's regeneration instruction: the light and grade
/// dials (`StudioInstruction`), plus a backdrop, the key light's side, black and white and another
/// source photo. Keyword matching, not language understanding, and never silent: what it will do
/// is listed in `changes`, and what it cannot do in `notes`, with the reason (a new outfit needs a
/// generative model), so an instruction is honoured or answered, never ignored.
///
/// | asks for | words | effect |
/// | --- | --- | --- |
/// | light and grade | as `StudioInstruction` (dramatic, warmer, brighter, vivid, closer, wider…) | the dials |
/// | background | a colour name, studio, dark, outdoors, office… with background, backdrop or wall | the backdrop |
/// | light direction | left or right, with light, lit, lighting or key | the key light's side |
/// | black and white | black and white, monochrome, greyscale, b&w | no colour at all |
/// | another photo | another, different or other with photo, picture or shot | the next reference |
public struct PortraitRefinement: Sendable, Equatable {
    /// A backdrop asked for by name.
    public enum Backdrop: Sendable, Equatable {
        case colour(name: String, DesignColour)
        case studio, dark, outdoors, workspace, gradient, city
    }

    public var dials = StudioInstruction()
    public var backdrop: Backdrop?
    /// -1: light from the viewer's left; +1: from the right.
    public var keySide: Double?
    public var monochrome = false
    public var otherPhoto = false
    /// What the portrait will show of the instruction, in the person's words ("navy background").
    public var changes: [String] = []
    /// What it will not, and why.
    public var notes: [String] = []

    /// What the offline studio can do, for an answer that names nothing it can.
    public static let vocabulary =
        "The offline studio can change: the background (a colour, studio grey, dark, a city at night, outdoors, office), the light's side (from the left or right), more or less dramatic light, warmer or cooler, brighter or darker, more or less colourful, closer or wider framing, black and white, or another of your photos."

    /// The setting that would do it, for whoever runs the server: apart from the reasons, which
    /// are the creator's words (a creator read "FAL_KEY" in the reason itself as jargon).
    public static let connectHint =
        "To connect an image model, whoever runs this server starts it with INFLIO_PROVIDER=fal and a FAL_KEY (docs/fal.md)."

    /// What a black-and-white portrait's likeness means.
    public static let greyLikeness =
        "Face recognition reads colour too, so in black and white the likeness can read a little lower: your face itself is unchanged."

    public init() {}

    public init(_ text: String?) {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        var dialClauses: [[String]] = []
        var answered: Set<String> = []
        for clause in Self.clauses(of: text) {
            // A clause about clothing, the face or a place is answered whole: its colours and
            // adjectives belong to what cannot be done ("a dark suit" does not darken the picture).
            if let answer = Self.beyondTheStudio.first(where: { !$0.words.isDisjoint(with: clause) })?.answer {
                if answered.insert(answer).inserted { notes.append(answer) }
                continue
            }
            var rest = clause
            readSpecials(&rest)
            // A city needs no "background" to be one: "on a city street at night".
            if !Self.backdropNouns.isDisjoint(with: rest) || !Self.cityWords.isDisjoint(with: rest) {
                readBackdrop(&rest)
            }
            dialClauses.append(rest)
        }
        dials = StudioInstruction(dialClauses.map { $0.joined(separator: " ") }.joined(separator: ", "))
        changes.append(contentsOf: Self.dialChanges(dials))
        var seen: Set<String> = []
        let unknown = dialClauses.joined().filter {
            StudioInstruction.dial(for: $0) == nil && !Self.filler.contains($0) && !Self.negations.contains($0)
                && seen.insert($0).inserted
        }
        if !unknown.isEmpty {
            notes.append("Not understood, so not done: \(unknown.prefix(6).joined(separator: ", ")).")
        }
        if changes.isEmpty { notes.append(Self.vocabulary) }
    }

    /// The instruction's clauses, as words: split at punctuation, "and", "with" and "but" (so
    /// "navy blazer, office background" keeps the colour with the blazer), except that a part of
    /// colour names only joins the next ("blue and white background"). "Black and white", "don't"
    /// and "never" are normalised first ("monochrome", "not").
    static func clauses(of text: String) -> [[String]] {
        var lower = " " + text.lowercased().replacingOccurrences(of: "’", with: "'") + " "
        for phrase in ["black and white", "black & white", "black-and-white", "b&w", "b & w", "b/w"] {
            lower = lower.replacingOccurrences(of: phrase, with: " monochrome ")
        }
        for phrase in ["don't", "do not", "never"] { lower = lower.replacingOccurrences(of: phrase, with: " not ") }
        lower = lower.replacingOccurrences(of: "'", with: "")
        var parts: [[String]] = []
        var pending: [String] = []
        for piece in lower.components(separatedBy: CharacterSet(charactersIn: ",;.!?\n")) {
            for part in piece.components(separatedBy: " and ").flatMap({ $0.components(separatedBy: " with ") })
                .flatMap({ $0.components(separatedBy: " but ") })
            {
                let words = part.split { !$0.isLetter }.map(String.init)
                if !words.isEmpty, words.allSatisfy({ DesignInstruction.colourNames[$0] != nil }) {
                    pending += words
                    continue
                }
                if !words.isEmpty || !pending.isEmpty { parts.append(pending + words) }
                pending = []
            }
        }
        if !pending.isEmpty { parts.append(pending) }
        return parts
    }

    /// Whether the word at `i` is negated: "not", "no", "without"… up to three words before it.
    static func negated(_ words: [String], _ i: Int) -> Bool {
        words[max(0, i - 3)..<i].contains(where: negations.contains)
    }

    /// Black and white, another photo and the light's side, taken out of `words`. Negated ("no
    /// black and white"), each asks for what the portrait already is, and is taken out unasked.
    private mutating func readSpecials(_ words: inout [String]) {
        /// Whether `set` was asked for (nil: not named); its words are taken out either way.
        func take(_ set: Set<String>) -> Bool? {
            guard let i = words.firstIndex(where: set.contains) else { return nil }
            let asked = !Self.negated(words, i)
            words.removeAll(where: set.contains)
            return asked
        }
        if take(["monochrome", "greyscale", "grayscale", "noir"]) == true, !monochrome {
            monochrome = true
            changes.append("black and white")
            // Measured: the likeness check reads colour too, so a grey portrait's distance rises
            // (docs/generation.md); said, so a lower grade is not read as a changed face.
            notes.append(Self.greyLikeness)
        }
        if !Self.photoNouns.isDisjoint(with: words), !Self.otherWords.isDisjoint(with: words) {
            let asked = take(Self.otherWords) == true
            words.removeAll(where: Self.photoNouns.contains)
            if asked, !otherPhoto {
                otherPhoto = true
                changes.append("another of your photos")
            }
        }
        if !Self.lightNouns.isDisjoint(with: words) {
            let left = words.contains("left")
            if take(["left", "right"]) == true, keySide == nil {
                keySide = left ? -1 : 1
                changes.append(left ? "light from the left" : "light from the right")
            }
        }
    }

    /// The backdrop a clause names (a colour, or a kind), taken out of `words` with its nouns, so
    /// "dark background" does not also darken the face. A background it cannot make is said so.
    private mutating func readBackdrop(_ words: inout [String]) {
        // A colour is the background whatever kind word goes with it ("a plain blue background"
        // came out studio grey: "plain" came first), but a place keeps its own light ("a blue
        // office" is an office).
        // (Not one that is turned down: "a plain background, not blue" is plain.)
        let colour = words.indices.first { DesignInstruction.colourNames[words[$0]] != nil && !Self.negated(words, $0) }
        let kind = words.indices.first { Self.backdropKinds[words[$0]] != nil && !Self.negated(words, $0) }
        let place = kind.flatMap { [.outdoors, .workspace, .city].contains(Self.backdropKinds[words[$0]]) ? $0 : nil }
        let named = place ?? colour ?? kind
        let noun = words.firstIndex(where: Self.backdropNouns.contains) ?? named ?? 0
        let asked = !Self.negated(words, named ?? noun) && !Self.negated(words, noun)
        if let named, asked, backdrop == nil {
            let word = words[named]
            let kind =
                word == "black"
                ? .dark
                : DesignInstruction.colourNames[word].map { Self.shaded(word, $0, after: words[..<named]) }
                    ?? Self.backdropKinds[word]!
            backdrop = kind
            changes.append(Self.describe(kind))
        } else if named == nil, asked {
            let said = words.joined(separator: " ")
            notes.append(
                "The offline studio cannot make that background (\(said)): it can make a colour, studio grey, dark, a city at night, outdoors or office."
            )
            words.removeAll()
            return
        }
        words.removeAll {
            Self.backdropNouns.contains($0) || DesignInstruction.colourNames[$0] != nil || Self.backdropKinds[$0] != nil
                || ["pale", "deep"].contains($0)
        }
    }

    /// A colour with the tone word right before it: "dark blue" a darker blue, "light blue" a
    /// paler one (the tone words are backdrop kinds too, and a dark blue had been plain blue).
    static func shaded(_ name: String, _ colour: DesignColour, after before: ArraySlice<String>) -> Backdrop {
        switch before.last {
        case "dark", "deep":
            .colour(name: "dark \(name)", colour.mixed(with: DesignColour(red: 0, green: 0, blue: 0), 0.45))
        case "light", "pale": .colour(name: "light \(name)", colour.mixed(with: .white, 0.55))
        default: .colour(name: name, colour)
        }
    }

    static func describe(_ kind: Backdrop) -> String {
        switch kind {
        case .colour(let name, _): "\(name) background"
        case .studio: "studio grey background"
        case .dark: "dark background"
        case .outdoors: "your photo's surroundings, blurred warm (no outdoor scene is drawn offline)"
        case .workspace: "an office, out of focus (drawn by the offline studio)"
        case .gradient: "colour gradient background"
        case .city: "a city at night, out of focus (drawn by the offline studio)"
        }
    }

    /// What the dials' steps change, in the words the design studio uses for the same dials.
    static func dialChanges(_ dials: StudioInstruction) -> [String] {
        DesignInstruction.lightDials(dials).compactMap { _, step, more, less in
            step == 0 ? nil : (step > 0 ? more : less)
        }
    }
}
