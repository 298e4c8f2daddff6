extension PersonaEvent {
    /// `portrait_started`: which portrait and attempt is now with the provider.
    public struct PortraitStarted: Codable, Sendable, Equatable {
        public let index: Int
        public let scenario: String
        public let attempt: Int

        public init(index: Int, scenario: String, attempt: Int) {
            self.index = index
            self.scenario = scenario
            self.attempt = attempt
        }
    }
}
