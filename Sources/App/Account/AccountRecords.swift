import Foundation

/// A persona as the account export writes it (`personas.json`): its row and its images, each
/// pointing at its file in the archive. Storage keys and face descriptors stay out.
struct PersonaRecord: Encodable {
    struct Image: Encodable {
        let id: UUID?
        let kind: String
        let file: String
        let createdAt: Date?
        let width: Int
        let height: Int
        let originalFileName: String?
        let scenario: String?
        let identityDistance: Double?
        let isReference: Bool?

        init(_ image: PersonaImage, path: String) {
            let meta = image.metadata
            id = image.id
            kind = meta.type.rawValue
            file = path
            createdAt = image.createdAt
            width = meta.width
            height = meta.height
            originalFileName = meta.fileName
            scenario = meta.scenario
            identityDistance = meta.identityDistance
            isReference = meta.isReference
        }
    }

    let id: UUID?
    let name: String
    let description: String
    let status: String
    let createdAt: Date?
    let consistencyScore: Double
    let analysisQuality: String
    let images: [Image]

    init(_ persona: Persona, images: [Image]) {
        id = persona.id
        name = persona.name
        description = persona.description
        status = persona.status.rawValue
        createdAt = persona.createdAt
        consistencyScore = persona.metadata.consistencyScore
        analysisQuality = persona.metadata.analysisQuality
        self.images = images
    }
}

/// The guided onboarding as the export writes it (`onboarding.json`): the answers and when each
/// step was confirmed or skipped.
struct OnboardingRecord: Encodable {
    let answers: OnboardingAnswers
    let substep: String
    let consentAt: Date?
    let consentVersion: Int?
    let brandSkippedAt: Date?
    let preferencesSkippedAt: Date?
    let step1ConfirmedAt: Date?
    let step2ConfirmedAt: Date?
    let step2SkippedAt: Date?
    let step3ConfirmedAt: Date?
    let createdAt: Date?

    init(_ progress: OnboardingProgress) {
        answers = progress.answers
        substep = progress.substep
        consentAt = progress.consentAt
        consentVersion = progress.consentVersion
        brandSkippedAt = progress.brandSkippedAt
        preferencesSkippedAt = progress.preferencesSkippedAt
        step1ConfirmedAt = progress.step1ConfirmedAt
        step2ConfirmedAt = progress.step2ConfirmedAt
        step2SkippedAt = progress.step2SkippedAt
        step3ConfirmedAt = progress.step3ConfirmedAt
        createdAt = progress.createdAt
    }
}
