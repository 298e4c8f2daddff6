/// What the user entered in the wizard's sub-steps 1.1 and 1.4 (the brand has its own record).
struct OnboardingAnswers: Codable, Sendable, Equatable {
    struct Profile: Codable, Sendable, Equatable {
        var displayName: String
        var niche: String
        var nicheOther: String?
    }

    struct Preferences: Codable, Sendable, Equatable {
        var platforms: [String]
        var contentStyle: String
        var postingFrequency: String
    }

    var profile: Profile?
    var preferences: Preferences?
}
