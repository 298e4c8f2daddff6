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
        case studio, dark, outdoors, workspace, gradient
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
        "The offline studio can change: the background (a colour, studio grey, dark, outdoors, office), the light's side (from the left or right), more or less dramatic light, warmer or cooler, brighter or darker, more or less colourful, closer or wider framing, black and white, or another of your photos."

    /// Words that carry no request here, beyond the design studio's filler.
    static let filler: Set<String> = ["try", "give", "get", "go", "have", "do", "time", "instead", "use", "from"]
    static let backdropNouns: Set<String> = ["background", "backdrop", "wall", "behind", "setting", "scene"]
    static let lightNouns: Set<String> = ["light", "lit", "lighting", "key", "lamp", "sun", "window", "lights"]
    static let photoNouns: Set<String> = ["photo", "picture", "shot", "source", "image", "selfie"]
    static let backdropKinds: [String: Backdrop] = [
        "studio": .studio, "plain": .studio, "seamless": .studio, "neutral": .studio, "dark": .dark,
        "outdoor": .outdoors, "outdoors": .outdoors, "outside": .outdoors, "nature": .outdoors, "park": .outdoors,
        "garden": .outdoors, "office": .workspace, "workspace": .workspace, "desk": .workspace, "indoor": .workspace,
        "indoors": .workspace, "room": .workspace, "gradient": .gradient, "colourful": .gradient, "colorful": .gradient,
    ]

    /// Things only a generative model can change, each with its answer.
    static let beyondTheStudio: [(words: Set<String>, answer: String)] = [
        (
            [
                "blazer", "suit", "jacket", "shirt", "tshirt", "tie", "dress", "hoodie", "sweater", "jumper", "coat",
                "clothes", "clothing", "outfit", "wear", "wearing", "shoes", "hat", "cap", "glasses", "sunglasses",
                "scarf", "necklace", "earrings", "jewellery", "jewelry", "uniform", "collar",
            ],
            "Clothing and accessories need a generative image model (set FAL_KEY): the offline studio only relights and reframes your own photo."
        ),
        (
            [
                "smile", "smiling", "laugh", "laughing", "serious", "expression", "younger", "older", "hair",
                "haircut", "hairstyle", "beard", "moustache", "mustache", "makeup", "skin", "teeth", "eyes", "slimmer",
                "thinner", "tattoo", "happier", "excited", "surprised",
            ],
            "Your face, hair and expression are never repainted offline; that needs a generative image model (set FAL_KEY). Ask for \"another photo\" to use a different one of yours."
        ),
        (
            [
                "pose", "standing", "sitting", "arms", "hands", "holding", "microphone", "laptop", "coffee", "camera",
                "city", "street", "urban", "beach", "mountains", "stage",
            ],
            "Poses, props and places need a generative image model (set FAL_KEY): offline, the background is a colour, studio grey, dark, or your photo's own surroundings blurred."
        ),
    ]

    public init() {}

    public init(_ text: String?) {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        var lower = text.lowercased()
        for phrase in ["black and white", "black & white", "b&w", "b/w", "black-and-white"] {
            lower = lower.replacingOccurrences(of: phrase, with: " monochrome ")
        }
        // Clauses, so "navy blazer, office background" keeps the colour with the blazer.
        let clauses = lower.components(separatedBy: CharacterSet(charactersIn: ",;.!?\n")).flatMap {
            $0.components(separatedBy: " and ")
        }.flatMap { $0.components(separatedBy: " with ") }
        var used: Set<String> = []
        var dialText: [String] = []
        for clause in clauses {
            let words = clause.split { !$0.isLetter }.map(String.init)
            if read(words, &used) { continue }
            dialText.append(clause)
        }
        dials = StudioInstruction(dialText.joined(separator: ", "))
        let words = lower.split { !$0.isLetter }.map(String.init)
        for word in words
        where StudioInstruction.dial(for: word) != nil && dialText.contains(where: { $0.contains(word) }) {
            used.insert(word)
        }
        changes.append(contentsOf: Self.dialChanges(dials))
        var answered: Set<String> = []
        for (nouns, answer) in Self.beyondTheStudio where !nouns.isDisjoint(with: words) {
            if answered.insert(answer).inserted { notes.append(answer) }
            used.formUnion(nouns)
            // "a navy blazer": the colour belongs to what cannot be done, already answered.
            used.formUnion(DesignInstruction.colourNames.keys)
        }
        var seen: Set<String> = []
        let unknown = words.filter {
            !used.contains($0) && !DesignInstruction.filler.contains($0) && !Self.filler.contains($0)
                && !StudioInstruction.negations.contains($0)
                && seen.insert($0).inserted
        }
        if !unknown.isEmpty {
            notes.append("Not understood, so not done: \(unknown.prefix(6).joined(separator: ", ")).")
        }
        if changes.isEmpty { notes.append(Self.vocabulary) }
    }

    /// Reads a clause's backdrop, light side, black and white or other photo; true when the clause
    /// was about the backdrop (its words are then not read as dials: "dark background" does not
    /// darken the face).
    private mutating func read(_ words: [String], _ used: inout Set<String>) -> Bool {
        let has = { (w: Set<String>) in !w.isDisjoint(with: words) }
        if words.contains("monochrome") || has(["greyscale", "grayscale", "noir"]) {
            if !monochrome { changes.append("black and white") }
            monochrome = true
            used.formUnion(["monochrome", "greyscale", "grayscale", "noir"])
        }
        if has(Self.photoNouns) && has(["another", "different", "other", "next"]) {
            if !otherPhoto { changes.append("another of your photos") }
            otherPhoto = true
            used.formUnion(Self.photoNouns.union(["another", "different", "other", "next"]))
        }
        if has(Self.lightNouns) && has(["left", "right"]) {
            let left = words.contains("left")
            keySide = left ? -1 : 1
            changes.append(left ? "light from the left" : "light from the right")
            used.formUnion(Self.lightNouns.union(["left", "right"]))
        }
        guard has(Self.backdropNouns) else { return false }
        used.formUnion(Self.backdropNouns)
        if let name = words.first(where: { DesignInstruction.colourNames[$0] != nil }) {
            backdrop = name == "black" ? .dark : .colour(name: name, DesignInstruction.colourNames[name]!)
            changes.append("\(name) background")
            used.insert(name)
        } else if let word = words.first(where: { Self.backdropKinds[$0] != nil }), let kind = Self.backdropKinds[word]
        {
            backdrop = kind
            changes.append(Self.describe(kind))
            used.insert(word)
        }
        return true
    }

    static func describe(_ kind: Backdrop) -> String {
        switch kind {
        case .colour(let name, _): "\(name) background"
        case .studio: "studio grey background"
        case .dark: "dark background"
        case .outdoors: "your photo's surroundings, blurred warm (no outdoor scene is drawn offline)"
        case .workspace: "your photo's surroundings, blurred cool (no office is drawn offline)"
        case .gradient: "colour gradient background"
        }
    }

    static func dialChanges(_ dials: StudioInstruction) -> [String] {
        [
            (dials.drama, "more dramatic light", "softer light"), (dials.warmth, "warmer", "cooler"),
            (dials.exposure, "brighter", "darker"), (dials.saturation, "more colourful", "more muted"),
            (dials.zoom, "closer framing", "wider framing"),
        ].compactMap { step, more, less in step == 0 ? nil : (step > 0 ? more : less) }
    }
}
