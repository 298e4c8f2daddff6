extension PersonaEvent {
    /// `persona_ready` and `persona_failed`: the persona's words and measured consistency, and its
    /// portraits' links in scenario order (empty when it failed).
    public struct PersonaFinished: Codable, Sendable, Equatable {
        public let status: PersonaStatus
        public let stage: PersonaStage
        /// Rounded to 3 decimals; the persona's metadata keeps the unrounded figure.
        public let consistencyScore: Double
        public let portraits: [String]

        public init(status: PersonaStatus, stage: PersonaStage, consistencyScore: Double, portraits: [String]) {
            self.status = status
            self.stage = stage
            self.consistencyScore = roundScore(consistencyScore)
            self.portraits = portraits
        }
    }
}
