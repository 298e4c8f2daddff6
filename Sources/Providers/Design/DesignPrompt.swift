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

    /// The portrait scenario whose light suits the prompt's mood; thumbnails default to the
    /// dynamic one, other formats to the friendly one.
    public static func scenario(for prompt: String, format: DesignFormat) -> Int {
        let words = Set(prompt.lowercased().split { !$0.isLetter }.map(String.init))
        let moods: [(Int, Set<String>)] = [
            (
                2,
                [
                    "excited", "exciting", "energetic", "action", "dynamic", "hype", "shocked", "surprised", "epic",
                    "wow",
                ]
            ),
            (3, ["thoughtful", "serious", "calm", "focused", "pensive", "moody", "dark", "mysterious"]),
            (0, ["professional", "business", "corporate", "formal", "headshot", "linkedin", "expert"]),
            (1, ["friendly", "casual", "happy", "smiling", "smile", "warm", "relaxed", "fun"]),
            (4, ["office", "workspace", "desk", "studio", "environment", "working", "behind", "scenes"]),
        ]
        for (scenario, cues) in moods where !cues.isDisjoint(with: words) { return scenario }
        return format == .youtubeThumbnail ? 2 : 1
    }
}
