extension BrandFonts {
    /// Weights as people write them beside a family ("Montserrat, bold", "light Open Sans",
    /// "Inter 600"), on CSS's 100–900 scale. "semi bold" and "extra bold" are read as one word.
    static let weightWords: [String: Int] = [
        "thin": 100, "hairline": 100, "extralight": 200, "ultralight": 200, "light": 300, "regular": 400,
        "normal": 400, "book": 400, "medium": 500, "semibold": 600, "demibold": 600, "bold": 700,
        "extrabold": 800, "ultrabold": 800, "black": 900, "heavy": 900,
    ]

    /// The weight written right after a family (up to the next word that is no weight: "Montserrat,
    /// bold for headings" is 700) or, failing that, right before it ("bold Montserrat"); nil for
    /// none. `after` and `before` are the text between this family and its neighbours, so a
    /// weight is never taken from another family's side; nor `before` when the family before took
    /// its weight from that text (`beforeIsTaken`: "Raleway extra bold / Lato").
    static func weight(after: Substring, before: Substring, beforeIsTaken: Bool = false) -> (weight: Int, after: Bool)?
    {
        func words(_ text: Substring) -> [String] {
            let split = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
            // "semi bold" → "semibold".
            var joined: [String] = []
            for word in split {
                if let last = joined.last, ["semi", "demi", "extra", "ultra"].contains(last),
                    weightWords[last + word] != nil
                {
                    joined[joined.count - 1] = last + word
                } else {
                    joined.append(word)
                }
            }
            return joined
        }
        func value(_ word: String) -> Int? {
            if let named = weightWords[word] { return named }
            // Digits only, as the page's own reading (`Int` takes "+600").
            guard word.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(word),
                (1...9).contains(number / 100),
                number % 100 == 0
            else { return nil }
            return number
        }
        if let first = words(after).first, let weight = value(first) { return (weight, true) }
        if !beforeIsTaken, let last = words(before).last, let weight = value(last) { return (weight, false) }
        return nil
    }
}

extension BrandFonts {
    /// A family typed with its weight after it ("Montserrat semi bold", "Inter 600", "Lato,
    /// Black"): the family and the weight (the last one written). Only a weight after the name
    /// is read, as a word before it may be the family's own ("Black Ops One"); text that is all
    /// weight words ("Bold", a family some brands name) is the family as written.
    static func splitWeight(_ text: String) -> (family: String, weight: Int?) {
        // A style kept as written ("clean and bold") is no family with a weight.
        guard !isStyle(text) else { return (text, nil) }
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        var weight: Int?
        // "Semi-Bold" is "semibold".
        func bare(_ word: String) -> String {
            word.lowercased().trimmingCharacters(in: .punctuationCharacters).replacingOccurrences(of: "-", with: "")
        }
        func value(_ word: String) -> Int? {
            if let named = weightWords[word] { return named }
            // Digits only, as the page's own reading (`Int` takes "+600").
            guard word.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(word),
                (1...9).contains(number / 100),
                number % 100 == 0
            else { return nil }
            return number
        }
        while words.count > 1 {
            let last = bare(words[words.count - 1])
            let pair = words.count > 2 ? bare(words[words.count - 2]) + last : nil
            if let pair, ["semi", "demi", "extra", "ultra"].contains(bare(words[words.count - 2])),
                let named = value(pair)
            {
                weight = weight ?? named
                words.removeLast(2)
            } else if let named = value(last) {
                weight = weight ?? named
                words.removeLast()
            } else {
                break
            }
        }
        let family = words.joined(separator: " ").trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
        // Nothing but a weight ("Semi Bold") is the family as written.
        let prefixOnly = ["semi", "demi", "extra", "ultra"].contains(family.lowercased())
        return family.isEmpty || weight == nil || prefixOnly ? (text, nil) : (family, weight)
    }
}
