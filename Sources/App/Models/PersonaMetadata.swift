/// The seed's `PersonaMetadata`, extended (never renamed).
struct PersonaMetadata: Codable, Sendable, Equatable {
    // seed
    var photoCount: Int
    var photoUrls: [String]
    var referencePhotoUrls: [String]
    var portraitUrls: [String]
    var analysisQuality: String
    /// From the measured identity distances of the portraits (see docs/generation.md); the photos' own
    /// consistency until portraits exist.
    var consistencyScore: Double
    // ours
    var photoConsistencyScore: Double?
    var usablePhotos: Int?
    var provider: String?
    var error: String?
}
