import Foundation
import Vapor

/// `GET /api/onboarding`'s `onboarding`: what the launchpad, the wizard and the guide show.
struct OnboardingState: Content, Equatable {
    struct Step: Content, Equatable {
        enum State: String, Codable, Sendable { case current, locked, done, skipped, unavailable }
        let number: Int
        let key: String
        let title: String
        let description: String
        let why: String
        let optional: Bool
        let state: State
        /// Why it cannot be opened yet ("Complete step 1 to unlock"), for locked and unavailable steps.
        let lockedMessage: String?
        /// What the guide says on this step's own page: the page-wide `guide` while the step is open;
        /// once it is done or skipped, that page is a summary and the guide names what is next.
        /// Set for every step by `OnboardingRules.steps`.
        var guide: Guide?
    }

    struct Substep: Content, Equatable {
        enum State: String, Codable, Sendable { case done, skipped, pending }
        let key: String
        let number: String
        let title: String
        let optional: Bool
        let state: State
    }

    struct Wizard: Content, Equatable {
        /// Where the user is (back and next move it; a reload resumes here).
        let substep: String
        let substeps: [Substep]
    }

    struct Answers: Content, Equatable {
        struct Profile: Content, Equatable {
            let displayName: String?
            let email: String?
            let niche: String?
            let nicheOther: String?
        }
        let profile: Profile
        let preferences: OnboardingAnswers.Preferences?
    }

    struct Consent: Content, Equatable {
        let accepted: Bool
        let acceptedAt: Date?
        let version: Int
        let notice: String
    }

    struct Avatar: Content, Equatable {
        let defaultPersonaId: UUID?
        let status: String?
        let portraitsReady: Int
    }

    struct BrandSummary: Content, Equatable {
        let exists: Bool
        let skipped: Bool
    }

    struct Guide: Content, Equatable {
        /// Changes whenever the words do: a client announces each message once.
        let id: String
        /// `info`, `celebrate` or `help`: how the panel may colour it.
        let mood: String
        let text: String
    }

    let percent: Int
    let finished: Bool
    let steps: [Step]
    let wizard: Wizard
    let answers: Answers
    let consent: Consent
    let avatar: Avatar
    let brand: BrandSummary
    let guide: Guide
    let capabilities: [String]
    let options: OnboardingOptions
}
