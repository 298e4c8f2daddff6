import Foundation

/// A design's first prompt ("me looking excited about crypto, big bold title 'Bitcoin in 2027'")
/// read for what the layout renderer can use: the title (what is in quotes), the mood (which
/// portrait scenario's light fits) and any light words.
public enum DesignPrompt {
    /// The first quoted run: '…', "…", “…” or ‘…’ (an apostrophe inside a word is not a quote).
    public static func quoted(in text: String) -> (text: String, range: Range<String.Index>)? {
        let pairs: [(Character, Character)] = [("\"", "\""), ("“", "”"), ("‘", "’"), ("'", "'"), ("«", "»")]
        var best: (text: String, range: Range<String.Index>)?
        for (open, close) in pairs {
            var index = text.startIndex
            while let start = text[index...].firstIndex(of: open) {
                // An opening quote starts the text or follows a space or punctuation ("title 'X'").
                let before = start == text.startIndex ? nil : text[text.index(before: start)]
                let afterStart = text.index(after: start)
                guard before == nil || !(before!.isLetter || before!.isNumber) else {
                    index = afterStart
                    continue
                }
                guard afterStart < text.endIndex,
                    let end = text[afterStart...].indices.first(where: { i in
                        guard text[i] == close else { return false }
                        let next = text.index(after: i)
                        return next == text.endIndex || !(text[next].isLetter || text[next].isNumber)
                    })
                else { break }
                let inner = text[afterStart..<end].trimmingCharacters(in: .whitespaces)
                if !inner.isEmpty, best == nil || start < best!.range.lowerBound {
                    best = (inner, start..<text.index(after: end))
                }
                break
            }
        }
        return best
    }

    /// A prompt's or an instruction's words, lower case, as every reader of them splits them: at
    /// anything but a letter or an apostrophe, a typographic apostrophe read as a straight one,
    /// quotes round a word dropped ('Epic') and a possessive's "'s" too ("the title’s size" is about
    /// the title; "let's" is "let").
    public static func words(of text: String) -> [String] {
        text.lowercased().replacingOccurrences(of: "’", with: "'").split { !$0.isLetter && $0 != "'" }
            .map { raw in
                var word = raw.drop { $0 == "'" }
                while word.last == "'" { word = word.dropLast() }
                if word.hasSuffix("'s") { word = word.dropLast(2) }
                return String(word)
            }
            .filter { !$0.isEmpty }
    }

    /// Mood words and the portrait scenario whose light suits them.
    static let moods: [(scenario: Int, cues: Set<String>)] = [
        (2, ["excited", "exciting", "energetic", "action", "dynamic", "hype", "shocked", "surprised", "epic", "wow"]),
        (3, ["thoughtful", "serious", "calm", "focused", "pensive", "moody", "dark", "mysterious"]),
        (0, ["professional", "business", "corporate", "formal", "headshot", "linkedin", "expert"]),
        (1, ["friendly", "casual", "happy", "smiling", "smile", "warm", "relaxed", "fun"]),
        (4, ["office", "workspace", "desk", "studio", "environment", "working", "behind", "scenes"]),
    ]

    /// The portrait scenario whose light suits the prompt's mood; thumbnails default to the
    /// dynamic one, other formats to the friendly one.
    public static func scenario(for prompt: String, format: DesignFormat) -> Int {
        let words = Set(words(of: prompt))
        for (scenario, cues) in moods where !cues.isDisjoint(with: words) { return scenario }
        return format == .youtubeThumbnail ? 2 : 1
    }

    /// Words the layout renderer reads in a first prompt besides the title, the mood and the light
    /// (a title is always big and bold; "next to" places nothing of its own).
    static let read: Set<String> = ["big", "bold", "large", "huge", "next", "beside", "about", "thumbnail", "post"]

    /// Settings the environmental light is chosen by, which no layout draws.
    static let places: Set<String> = ["office", "workspace", "desk"]

    /// The prompt's words besides its first quoted run (the title, or, when a title was given
    /// apart, a run `leftOut` says was not set).
    static func wordsBesideTitle(_ prompt: String) -> [String] {
        var rest = prompt
        if let quoted = quoted(in: prompt) { rest.removeSubrange(quoted.range) }
        return words(of: rest)
    }

    /// What a first version made offline leaves out of its prompt, as the studio's replies, so
    /// nothing is dropped unsaid: words only a refinement acts on ("swap", "bigger title"), words
    /// only a picture model could draw ("a glowing circuit board"), a quoted title the `title`
    /// field replaced, and a logo the brand lacks. A side, an end and a background colour are acted
    /// on (`DesignSpec.initial`); what of them could not be is said too.
    /// `variation` is the version's own (0–3): what a side can do depends on its layout.
    public static func leftOut(
        of prompt: String, format: DesignFormat, title: String? = nil, brandHasLogo: Bool = true, variation: Int = 0
    ) -> [String] {
        let words = wordsBesideTitle(prompt)
        let cues = moods.reduce(into: Set<String>()) { $0.formUnion($1.cues) }
        // What the first version does with a side, an end and a colour: the words it used, and
        // what it could not do ("too wide to put the title above you").
        var placed = DesignSpec.initial(
            format: format, prompt: "", title: nil, brand: .standard, seed: 1, variation: variation)
        let scratch = placed
        var reply = DesignInstruction()
        var acted: Set<String> = []
        DesignInstruction.place(words, in: &placed, into: &reply, used: &acted, phrased: true)
        _ = DesignInstruction.colourBackground(words, in: &placed, into: &reply, used: &acted)
        var seen: Set<String> = []
        var (refinable, drawn): ([String], [String]) = ([], [])
        for word in words where seen.insert(word).inserted && !acted.contains(word) {
            if places.contains(word) {
                drawn.append(word)
            } else if DesignInstruction.filler.contains(word) || cues.contains(word) || read.contains(word)
                || StudioInstruction.dial(for: word) != nil || DesignExpression.asked(in: [word]) != nil
            {
                continue
            } else {
                // A word a refinement acts on alone, found by trying it on a copy of a spec.
                var tried = scratch
                let understood = DesignInstruction.apply(word, to: &tried, palette: []).understood
                if understood { refinable.append(word) } else { drawn.append(word) }
            }
        }
        func list(_ words: [String]) -> String {
            words.prefix(8).joined(separator: ", ") + (words.count > 8 ? ", …" : "")
        }
        var notes = reply.notes
        if let given = title, let quoted = quoted(in: prompt), quoted.text != given {
            notes.append("The quoted “\(quoted.text)” was not set: the title given, “\(given)”, was.")
        }
        if !refinable.isEmpty {
            notes.append("Words not acted on in this first version: \(list(refinable)). Ask again in a refinement.")
        }
        if !drawn.isEmpty {
            notes.append(
                "Words the offline studio can't draw: \(list(drawn)). It lays out your photo, title and colours; "
                    + "it does not draw scenes or objects.")
        }
        if let face = DesignExpression.asked(in: words),
            let word = words.first(where: { w in DesignExpression.words.contains { $0.0 == face && $0.1.contains(w) } })
        {
            notes.append(
                "The offline studio never repaints a face: for “\(word)” it chose \(face.chosen), by the teeth and the open mouth it can see."
            )
        }
        if !brandHasLogo, words.contains("logo") {
            notes.append("No logo: your brand has none yet. Add one to your brand to show it.")
        }
        return notes
    }
}
