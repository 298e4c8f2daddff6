extension PersonaEvent {
    /// `portrait_regenerating`: a person asked for portrait `index` again, as `attempt`.
    public struct PortraitRegenerating: Codable, Sendable, Equatable {
        public let index: Int
        public let attempt: Int
        /// The person's refinement as they sent it (trimmed), null without one.
        public let instruction: String?

        public init(index: Int, attempt: Int, instruction: String?) {
            self.index = index
            self.attempt = attempt
            self.instruction = instruction
        }

        enum CodingKeys: String, CodingKey { case index, attempt, instruction }

        // Written out so no instruction says `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(attempt, forKey: .attempt)
            try c.encode(instruction, forKey: .instruction)
        }
    }
}
