import Fluent
import Vapor

/// One user's way through the guided onboarding: where they are in the step-1 wizard, what they
/// entered, and the moments only the user can decide (consent, skips, confirmations). Whatever a
/// fact already tells (a ready default persona, a brand record) is not stored here but read.
final class OnboardingProgress: Model, @unchecked Sendable {
    static let schema = "onboarding_progress"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    // references
    @Field(key: "user_id") var userID: String
    // data
    /// The wizard's sub-step the user is on (`OnboardingSubstep` raw value).
    @Field(key: "substep") var substep: String
    @Field(key: "answers") var answers: OnboardingAnswers
    @OptionalField(key: "consent_at") var consentAt: Date?
    @OptionalField(key: "consent_version") var consentVersion: Int?
    @OptionalField(key: "brand_skipped_at") var brandSkippedAt: Date?
    @OptionalField(key: "preferences_skipped_at") var preferencesSkippedAt: Date?
    @OptionalField(key: "step1_confirmed_at") var step1ConfirmedAt: Date?
    @OptionalField(key: "step2_confirmed_at") var step2ConfirmedAt: Date?
    @OptionalField(key: "step2_skipped_at") var step2SkippedAt: Date?
    @OptionalField(key: "step3_confirmed_at") var step3ConfirmedAt: Date?
    /// The last thing that happened that the guide reacts to (`GuideMoment`), and when.
    @OptionalField(key: "moment") var moment: GuideMoment?
    @OptionalField(key: "moment_at") var momentAt: Date?

    init() {}
    init(userID: String) {
        self.userID = userID
        self.substep = OnboardingSubstep.profile.rawValue
        self.answers = OnboardingAnswers()
    }
}
