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
        let words = Set(prompt.lowercased().split { !$0.isLetter }.map(String.init))
        for (scenario, cues) in moods where !cues.isDisjoint(with: words) { return scenario }
        return format == .youtubeThumbnail ? 2 : 1
    }

    /// Words the layout renderer reads in a first prompt besides the title, the mood and the light
    /// (a title is always big and bold; "next to" places nothing of its own).
    static let read: Set<String> = ["big", "bold", "large", "huge", "next", "beside", "about", "thumbnail", "post"]

    /// Words a refinement reads as a place (filler alone, so listed here): a first
    /// version lays itself out and does not act on them.
    static let placing: Set<String> = ["left", "right", "top", "bottom", "above"]

    /// What a first version made offline leaves out of its prompt, in the words of the studio's
    /// replies, so nothing is dropped unsaid: words a refinement understands (a side, a background
    /// colour) and words only an image model could draw ("a glowing circuit board").
    public static func leftOut(of prompt: String, format: DesignFormat) -> [String] {
        var rest = prompt
        if let quoted = quoted(in: prompt) { rest.removeSubrange(quoted.range) }
        let cues = moods.reduce(into: Set<String>()) { $0.formUnion($1.cues) }
        var seen: Set<String> = []
        let unread = rest.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init).filter { word in
            let ignorable = DesignInstruction.filler.contains(word) && !placing.contains(word)
            return !ignorable && !cues.contains(word) && !read.contains(word)
                && StudioInstruction.dial(for: word) == nil && seen.insert(word).inserted
        }
        guard !unread.isEmpty else { return [] }
        // What a refinement acts on: a side or place, a colour, or a word it understands alone.
        let refinable = unread.filter { word in
            if placing.contains(word) || DesignInstruction.colourNames[word] != nil { return true }
            var scratch = DesignSpec.initial(format: format, prompt: "", title: nil, brand: .standard, seed: 1)
            return DesignInstruction.apply(word, to: &scratch, palette: []).understood
        }
        let drawn = unread.filter { !refinable.contains($0) }
        var notes: [String] = []
        if !refinable.isEmpty {
            notes.append(
                "Not in this first version: \(refinable.prefix(6).joined(separator: ", ")). Ask for it as a refinement."
            )
        }
        if !drawn.isEmpty {
            notes.append(
                "Not drawn: \(drawn.prefix(6).joined(separator: ", ")). The offline studio lays out your photo, "
                    + "title and colours; an image model draws scenes and objects.")
        }
        return notes
    }
}
