/// What the layout renderer cannot do at all: a new outfit, a new face, a pose, a prop or a place.
/// Such words are understood, and answered with the reason, not listed as "not understood" (a
/// creator's "red hoodie" was), and their colours and adjectives are not read as the design's
/// ("a blue hoodie" is not cooler light, "a dark suit" not a darker picture).
extension DesignInstruction {
    /// Words the design studio answers by using another photo ("smile"), not by a refusal.
    static let expressionWords: Set<String> = DesignExpression.allWords.union(["expression", "pose"])

    /// Things only a generative model can change, each with the design studio's answer (the word
    /// lists are the portraits', `PortraitRefinement.beyondTheStudio`).
    static let beyondTheStudio: [(words: Set<String>, answer: String)] = {
        let answers = [
            "Clothing and accessories need a generative image model, and this server isn't connected to one. Offline, your own photo is used as it is.",
            "Your face, hair and expression are never repainted offline: that needs a generative image model, and this server isn't connected to one. Ask for \"another photo\" to use a different one of yours.",
            "Poses, props and places need a generative image model, and this server isn't connected to one. Offline, the background is one or two colours: your brand's, or any you name.",
        ]
        return zip(PortraitRefinement.beyondTheStudio, answers).map {
            (words: $0.0.words.subtracting(expressionWords), answer: $0.1)
        }
    }()

    /// What stands in for a word taken out by `withoutTheImpossible`: one for one, so a negation's
    /// reach is what it was ("no glasses, bigger title" is not "no … title"). Letters only, so the
    /// light dials read it as a word too; no list has it, and the unknown words leave it out.
    static let takenOut = "takenout"

    /// `words` with what only a generative model could do (each such word with up to three colour
    /// or shade words right before it: "a bright red hoodie") replaced by `takenOut`, and the
    /// answers for it.
    static func withoutTheImpossible(_ words: [String]) -> (words: [String], answers: [String]) {
        var dropped: Set<Int> = []
        var answers: [String] = []
        for (i, word) in words.enumerated() {
            guard let answer = beyondTheStudio.first(where: { $0.words.contains(word) })?.answer else { continue }
            if !answers.contains(answer) { answers.append(answer) }
            dropped.insert(i)
            var j = i - 1
            while j >= 0, i - j <= 3, describes(words[j]) {
                dropped.insert(j)
                j -= 1
            }
        }
        return (words.indices.map { dropped.contains($0) ? takenOut : words[$0] }, answers)
    }

    /// Whether `word` may describe the thing after it: a colour or a shade, not a light word
    /// ("warmer, red hoodie" is warmer: the commas are gone by now).
    private static func describes(_ word: String) -> Bool {
        colourNames[word] != nil || solidWords.contains(word)
            || ["light", "dark", "pale", "bright", "new", "casual", "formal", "nice", "smart"].contains(word)
    }
}
