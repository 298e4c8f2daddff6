extension PersonaEvent {
    /// `portrait_ready` and `portrait_verified`: an attempt's stored picture and how much it looks
    /// like the person. Distances are rounded to 3 decimals; a missing one is written as null, never
    /// left out, so a client can tell "no face" from "an older server".
    public struct PortraitMeasurement: Codable, Sendable, Equatable {
        public let index: Int
        public let scenario: String
        public let attempt: Int
        /// A signed link an `<img>` can load.
        public let url: String
        public let faceFound: Bool
        public let identityDistance: Double?
        public let secondOpinionDistance: Double?
        /// Nil without a face.
        public let likeness: LikenessGrade?
        /// IPTC's digital source type of the picture (`PortraitProvenance`): the page labels it.
        public let madeBy: String

        public init(
            index: Int, scenario: String, attempt: Int, url: String, faceFound: Bool, identityDistance: Double?,
            secondOpinionDistance: Double?, likeness: LikenessGrade?, madeBy: String
        ) {
            self.index = index
            self.scenario = scenario
            self.attempt = attempt
            self.url = url
            self.faceFound = faceFound
            self.identityDistance = identityDistance.map(roundScore)
            self.secondOpinionDistance = secondOpinionDistance.map(roundScore)
            self.likeness = likeness
            self.madeBy = madeBy
        }

        enum CodingKeys: String, CodingKey {
            case index, scenario, attempt, url, faceFound, identityDistance, secondOpinionDistance, likeness, madeBy
        }

        // Written out so a missing distance or likeness says `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(scenario, forKey: .scenario)
            try c.encode(attempt, forKey: .attempt)
            try c.encode(url, forKey: .url)
            try c.encode(faceFound, forKey: .faceFound)
            try c.encode(identityDistance, forKey: .identityDistance)
            try c.encode(secondOpinionDistance, forKey: .secondOpinionDistance)
            try c.encode(likeness, forKey: .likeness)
            try c.encode(madeBy, forKey: .madeBy)
        }
    }
}
