struct PhotoQuality: Codable, Sendable, Equatable { var lighting, clarity, angle, overall: Double }
