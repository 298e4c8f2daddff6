import Fluent
import Foundation
import PersonaKit
import Providers
import Vapor

/// The onboarding's persistence: the progress row, the facts read from personas and the brand, and
/// the funnel lines the server writes itself (`completed`, `skipped`).
struct OnboardingService {
    let db: any Database
    let user: AuthenticatedUser
    var capabilities: Set<String> = OnboardingService.capabilities

    /// What this server offers beyond the questionnaire: grows as socials and video arrive. The brand
    /// PDF (option A of 1.2) is offered where poppler-utils is installed to read it.
    static let capabilities: Set<String> =
        BrandPDFExtractor.isAvailable ? ["brand_questionnaire", "brand_pdf"] : ["brand_questionnaire"]

    /// The user's progress row, made on first use.
    func progress() async throws -> OnboardingProgress {
        if let row = try await OnboardingProgress.query(on: db).filter(\.$userID == user.id).first() { return row }
        let row = OnboardingProgress(userID: user.id)
        do {
            try await row.create(on: db)
            return row
        } catch {
            // Two first requests at once: the unique index on user_id let one of them in.
            guard let row = try await OnboardingProgress.query(on: db).filter(\.$userID == user.id).first() else {
                throw error
            }
            return row
        }
    }

    func facts(_ progress: OnboardingProgress) async throws -> OnboardingFacts {
        async let brand = BrandRecord.query(on: db).filter(\.$userID == user.id).first()
        async let profile = UserProfile.query(on: db).filter(\.$userID == user.id).first()
        async let anyEvent = FunnelEvent.query(on: db).filter(\.$userID == user.id).first()
        var facts = OnboardingFacts()
        facts.substep = OnboardingSubstep(rawValue: progress.substep) ?? .profile
        facts.answers = progress.answers
        facts.consentAt = progress.consentAt
        facts.brandSkippedAt = progress.brandSkippedAt
        facts.preferencesSkippedAt = progress.preferencesSkippedAt
        facts.step1ConfirmedAt = progress.step1ConfirmedAt
        facts.step2ConfirmedAt = progress.step2ConfirmedAt
        facts.step2SkippedAt = progress.step2SkippedAt
        facts.step3ConfirmedAt = progress.step3ConfirmedAt
        facts.moment = progress.moment
        facts.momentAt = progress.momentAt
        facts.capabilities = capabilities
        facts.email = user.email
        if let record = try await brand {
            facts.brand = (
                record.brand.name?.value,
                record.brand.palette.first { $0.role == .primary }.map { (hex: $0.hex, name: $0.name) }
            )
        }
        if let id = try await profile?.defaultPersonaID, let persona = try await Persona.find(id, on: db),
            persona.userID == user.id
        {
            let offline = try await GenerationJob.query(on: db).filter(\.$persona.$id == id)
                .filter(\.$provider == LocalStudioProvider.providerName).first()
            facts.avatar = .init(
                personaID: id, status: persona.status.rawValue, portraitsReady: persona.metadata.portraitUrls.count,
                offlinePreviews: offline != nil)
        }
        facts.isFirstVisit = try await anyEvent == nil
        return facts
    }

    func state() async throws -> OnboardingState {
        OnboardingRules.state(try await facts(try await progress()))
    }

    /// A funnel line, written once per user, step, sub-step and kind for `completed` and `skipped`
    /// (a second confirmation is not a second completion); `shown` and `started` every time.
    func record(_ kind: FunnelEvent.Kind, step: Int, substep: OnboardingSubstep? = nil) async throws {
        if kind == .completed || kind == .skipped {
            var query = FunnelEvent.query(on: db).filter(\.$userID == user.id).filter(\.$step == step)
                .filter(\.$kind == kind)
            query = substep.map { query.filter(\.$substep == $0.number) } ?? query.filter(\.$substep == nil)
            if try await query.first() != nil { return }
        }
        try await FunnelEvent(userID: user.id, step: step, substep: substep?.number, kind: kind).create(on: db)
    }

    /// The face-data notice accepted: the one thing that must happen before any photo is analysed.
    func recordConsent(version: Int) async throws {
        let row = try await progress()
        if row.consentAt == nil || row.consentVersion != version {
            row.consentAt = Date()
            row.consentVersion = version
            try await row.save(on: db)
        }
    }

    /// Refuses persona creation until the face-data notice is accepted.
    func requireConsent() async throws {
        let row = try await OnboardingProgress.query(on: db).filter(\.$userID == user.id).first()
        guard row?.consentAt != nil else {
            throw ServiceError(
                .forbidden, "consent_required",
                "Before any photo is analysed, read and accept how your face data is used "
                    + "(the page asks you; scripts: POST /api/onboarding/consent).",
                details: .object([
                    "notice": .string(OnboardingRules.consentNotice),
                    "version": .number(Double(OnboardingRules.consentVersion)),
                ]))
        }
    }

    /// A creation was refused for its photos: the guide says why, in plain words.
    func noteRejection(_ error: ServiceError) async {
        let codes: [String]
        switch error.code {
        case "not_enough_usable_photos": codes = Self.reasonCodes(error.details)
        case "unsupported_format", "unreadable_image", "image_too_large": codes = [error.code]
        default: return
        }
        do {
            let row = try await progress()
            row.moment = GuideMoment(kind: .photosRejected, codes: codes)
            row.momentAt = Date()
            try await row.save(on: db)
        } catch {
            // The guide's words are not worth failing the answer for.
        }
    }

    /// The rejected photos' issue codes, most frequent first.
    static func reasonCodes(_ details: JSONValue?) -> [String] {
        guard case .object(let fields) = details, case .array(let photos) = fields["rejectedPhotos"] else { return [] }
        var counts: [String: Int] = [:]
        var order: [String] = []
        for case .object(let photo) in photos {
            guard case .array(let reasons) = photo["reasons"] else { continue }
            for case .object(let reason) in reasons {
                guard case .string(let code) = reason["code"] else { continue }
                if counts[code] == nil { order.append(code) }
                counts[code, default: 0] += 1
            }
        }
        return order.enumerated().sorted { (counts[$0.1]!, -$0.0) > (counts[$1.1]!, -$1.0) }.map(\.1)
    }

    /// A ready persona became the default, or the default became ready: the avatar sub-step is done
    /// (written once, when it first happens: the funnel's "first ready persona").
    static func avatarReady(_ persona: Persona, db: any Database) async throws {
        let profile = try await UserProfile.query(on: db).filter(\.$userID == persona.userID).first()
        guard profile?.defaultPersonaID == persona.id else { return }
        let service = OnboardingService(db: db, user: AuthenticatedUser(id: persona.userID, email: nil))
        try await service.record(.completed, step: 1, substep: .avatar)
    }
}
