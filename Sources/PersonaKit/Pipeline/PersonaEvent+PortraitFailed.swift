extension PersonaEvent {
    /// `portrait_failed`: which attempt failed and the provider's words. The attempt lets a page
    /// replaying history tell an earlier failure from a regeneration under way.
    public struct PortraitFailed: Codable, Sendable, Equatable {
        public let index: Int
        public let attempt: Int
        public let error: String

        public init(index: Int, attempt: Int, error: String) {
            self.index = index
            self.attempt = attempt
            self.error = error
        }
    }
}
