/// The step-1 wizard's sub-steps, in order.
enum OnboardingSubstep: String, Codable, Sendable, CaseIterable {
    case profile, brand, avatar, preferences, review

    var number: String { "1.\(Self.allCases.firstIndex(of: self)! + 1)" }

    var title: String {
        switch self {
        case .profile: "Welcome & profile"
        case .brand: "Brand identity"
        case .avatar: "Your AI avatar"
        case .preferences: "Content preferences"
        case .review: "Review & confirm"
        }
    }

    /// Skippable: the brand and the content preferences.
    var isOptional: Bool { self == .brand || self == .preferences }

    init?(number: String) {
        guard let found = Self.allCases.first(where: { $0.number == number }) else { return nil }
        self = found
    }
}
