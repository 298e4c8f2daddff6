import Foundation

/// `GET /api/onboarding` and the writes' answers, as a client reads them.
struct OnboardingAnswer: Decodable {
    struct State: Decodable {
        struct Step: Decodable {
            let number: Int
            let key: String
            let title: String
            let state: String
            let optional: Bool
            let lockedMessage: String?
        }

        struct Substep: Decodable {
            let key: String
            let number: String
            let state: String
        }

        struct Wizard: Decodable {
            let substep: String
            let substeps: [Substep]
        }

        struct Profile: Decodable {
            let displayName: String?
            let email: String?
            let niche: String?
        }

        struct Preferences: Decodable {
            let platforms: [String]
            let contentStyle: String
            let postingFrequency: String
        }

        struct Answers: Decodable {
            let profile: Profile
            let preferences: Preferences?
        }

        struct Consent: Decodable {
            let accepted: Bool
            let version: Int
            let notice: String
        }

        struct Avatar: Decodable {
            let defaultPersonaId: String?
            let status: String?
        }

        struct BrandSummary: Decodable {
            let exists: Bool
            let skipped: Bool
        }

        struct Guide: Decodable {
            let id: String
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

        var stepStates: [String] { steps.map(\.state) }
        func substep(_ key: String) -> String? { wizard.substeps.first { $0.key == key }?.state }
    }

    let success: Bool
    let onboarding: State
}

/// `GET | PUT | PATCH /api/brand`.
struct BrandAnswer: Decodable {
    struct Text: Decodable {
        let value: String
        let source: String
    }

    struct Colour: Decodable {
        let hex: String
        let role: String
        let name: String?
        let source: String
    }

    struct Font: Decodable {
        let family: String
        let fallback: String
        let source: String
    }

    struct Fonts: Decodable {
        let heading: Font?
        let body: Font?
    }

    struct Voice: Decodable {
        let adjectives: [String]
        let text: String
        let source: String
    }

    struct Brand: Decodable {
        let name: Text?
        let palette: [Colour]
        let fonts: Fonts
        let voice: Voice?
        let audience: Text?
    }

    let success: Bool
    let brand: Brand
}
