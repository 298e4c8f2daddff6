import PersonaKit

/// A face a design asks for ("smile", "me looking serious", "excited"): the offline studio never
/// repaints a face, so it chooses the reference photo that shows it most, by the mouth measure
/// the analysis records (`FaceExpression`). It sees teeth and an open mouth only: a smile with
/// closed lips reads as a neutral face.
public enum DesignExpression: String, Codable, Sendable, CaseIterable {
    /// Teeth showing, mouth not open (a tester's "smile" got the same speaking photo mirrored).
    case smiling
    /// A closed mouth.
    case serious
    /// Teeth or an open mouth, an open mouth most.
    case animated

    /// The words that ask for each.
    static let words: [(DesignExpression, Set<String>)] = [
        (
            .smiling,
            ["smile", "smiling", "smiley", "happy", "happier", "grin", "grinning", "cheerful", "laugh", "laughing"]
        ),
        (.serious, ["serious", "thoughtful", "pensive", "focused", "stern"]),
        (.animated, ["excited", "surprised", "shocked", "animated", "energetic", "amazed"]),
    ]

    /// Every word that asks for a face.
    static let allWords: Set<String> = words.reduce(into: []) { $0.formUnion($1.1) }

    /// The face `words` ask for, if one (the first named).
    static func asked(in words: [String]) -> DesignExpression? {
        for word in words {
            if let (face, _) = Self.words.first(where: { $0.1.contains(word) }) { return face }
        }
        return nil
    }

    /// How much `expression` shows this face; nil (not measured) as a neutral face.
    func score(_ expression: FaceExpression?) -> Double {
        let (teeth, cavity) = (expression?.teeth ?? 0, expression?.cavity ?? 0)
        switch self {
        case .smiling: return teeth - cavity
        case .serious: return -(teeth + 2 * cavity)
        case .animated: return teeth + 2 * cavity
        }
    }

    /// Whether a face scoring `score` shows this one at all (a smile's teeth, an open mouth).
    func isShown(_ score: Double) -> Bool {
        switch self {
        case .smiling: score >= 0.05
        case .serious: score > -0.05
        case .animated: score >= 0.1
        }
    }

    /// The photo chosen, in a reply's words.
    var chosen: String {
        switch self {
        case .smiling: "your most smiling photo"
        case .serious: "your most serious photo"
        case .animated: "your liveliest photo"
        }
    }

    /// What a reply says was changed for a face: the offline studio's order of photos.
    public static let choices: Set<String> = Set(allCases.flatMap { [$0.chosen, $0.another] })

    /// The next photo in this face's order, in a reply's words.
    var another: String {
        switch self {
        case .smiling: "your next most smiling photo"
        case .serious: "your next most serious photo"
        case .animated: "your next liveliest photo"
        }
    }

    /// What a design says when none of the photos shows it.
    var notShown: String {
        switch self {
        case .smiling:
            "None of your photos shows a smile the studio can see (it sees teeth, not a smile with closed lips), so this is the nearest. Add a smiling photo to your persona to use one."
        case .serious:
            "Every photo of yours shows teeth or an open mouth, so this is the calmest of them."
        case .animated:
            "None of your photos shows an open mouth or a grin, so this is the liveliest of them."
        }
    }

    /// The `usable` reference indices ordered by how much each shows this face, most first (the
    /// analysis's order among equals), mirror images after every other photo: a photo and its
    /// mirror image measure alike, and "another photo" after "smile" gave the same grin flipped.
    func ordered(_ usable: [Int], _ references: [ReferencePhoto]) -> [Int] {
        let keys = usable.enumerated().map { offset, index in
            (
                index: index, mirror: references[index].isMirrorImage == true ? 1 : 0,
                score: score(references[index].expression), offset: offset
            )
        }
        return keys.sorted { a, b in
            if a.mirror != b.mirror { return a.mirror < b.mirror }
            return a.score != b.score ? a.score > b.score : a.offset < b.offset
        }.map(\.index)
    }

    /// What a version that asks this face says of the photos it has, if anything: that none was
    /// measured (photos analysed before the mouth was: nothing can be chosen by it), or that none
    /// shows it. Said once, on the version that asked; nil when one shows it.
    public func unseen(in references: [ReferencePhoto]) -> String? {
        let measured = references.compactMap(\.expression)
        guard !measured.isEmpty else {
            return
                "Your photos were analysed before faces were measured, so the studio cannot tell which shows this face: it used the first. A new persona from the same photos would measure them."
        }
        return measured.contains { isShown(score($0)) } ? nil : notShown
    }
}
