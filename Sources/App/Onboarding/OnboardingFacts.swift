import Foundation

/// Everything the onboarding state is computed from: what the user decided (the progress row) and
/// what the service knows anyway (their default persona, their brand). Pure input to
/// `OnboardingRules`, so every rule is testable without a database.
struct OnboardingFacts: Sendable {
    struct Avatar: Sendable, Equatable {
        let personaID: UUID
        /// `Persona.Status` raw value.
        let status: String
        let portraitsReady: Int
        /// Its portraits were composed by the offline studio (relit photos, not generated ones).
        var offlinePreviews = false
    }

    var substep: OnboardingSubstep = .profile
    var answers = OnboardingAnswers()
    var consentAt: Date?
    var brandSkippedAt: Date?
    var preferencesSkippedAt: Date?
    var step1ConfirmedAt: Date?
    var step2ConfirmedAt: Date?
    var step2SkippedAt: Date?
    var step3ConfirmedAt: Date?
    var moment: GuideMoment?
    var momentAt: Date?
    /// The brand record's name and primary colour (its code and name), when one exists.
    var brand: (name: String?, primary: (hex: String, name: String?)?)?
    /// The user's default persona.
    var avatar: Avatar?
    /// The user has done nothing yet (no funnel event): the guide introduces itself.
    var isFirstVisit = true
    var capabilities: Set<String> = []
    var email: String?

    var hasBrand: Bool { brand != nil }
}
