import Fluent
import Vapor

/// `/api/onboarding`: the launchpad's and the wizard's state, and the writes that move it. Every
/// write answers the new state; a write to a step that is not unlocked is `409 step_locked`.
enum OnboardingController {
    struct Answer: Content {
        let success = true
        let onboarding: OnboardingState
    }

    struct StepAnswer: Content {
        let success = true
        let step: OnboardingState.Step
        let onboarding: OnboardingState
    }

    static func register(_ routes: any RoutesBuilder) {
        let onboarding = routes.grouped("api", "onboarding")
        onboarding.get(use: show)
        onboarding.put("profile", use: saveProfile)
        onboarding.post("brand", "skip", use: skipBrand)
        onboarding.post("consent", use: consent)
        onboarding.put("preferences", use: savePreferences)
        onboarding.post("preferences", "skip", use: skipPreferences)
        onboarding.put("position", use: move)
        onboarding.post("confirm", use: confirmStep1)
        onboarding.get("steps", ":number", use: openStep)
        onboarding.post("steps", ":number", "confirm", use: confirmStep)
        onboarding.post("steps", ":number", "skip", use: skipStep)
        onboarding.post("events", use: report)
    }

    static func service(_ req: Request) throws -> OnboardingService {
        OnboardingService(db: req.db, user: try req.requireUser())
    }

    static func show(_ req: Request) async throws -> Answer {
        Answer(onboarding: try await service(req).state())
    }

    /// Loads the progress row, applies `change` (which may throw to refuse), saves, answers the state.
    static func update(
        _ req: Request, _ change: (OnboardingService, OnboardingProgress, OnboardingFacts) async throws -> Void
    ) async throws -> Answer {
        let service = try service(req)
        let progress = try await service.progress()
        try await change(service, progress, try await service.facts(progress))
        try await progress.save(on: req.db)
        return Answer(onboarding: try await service.state())
    }

    // MARK: 1.1 profile

    struct ProfileBody: Content {
        var displayName: String
        var niche: String
        var nicheOther: String?
    }

    static func saveProfile(_ req: Request) async throws -> Answer {
        let body = try req.content.decode(ProfileBody.self)
        let name = try OnboardingValidation.text(body.displayName, field: "displayName", maxLength: 60)
        guard OnboardingOptions.contains(OnboardingOptions.standard.niches, body.niche) else {
            throw OnboardingValidation.invalid("niche", "Choose your content niche from the list, or Other.")
        }
        var other: String?
        if body.niche == "other" {
            other = try OnboardingValidation.text(body.nicheOther ?? "", field: "nicheOther", maxLength: 60)
        }
        return try await update(req) { service, progress, _ in
            progress.answers.profile = .init(displayName: name, niche: body.niche, nicheOther: other)
            try await service.record(.completed, step: 1, substep: .profile)
            advance(progress, from: .profile)
        }
    }

    // MARK: 1.2 brand (the record itself is BrandController's)

    static func skipBrand(_ req: Request) async throws -> Answer {
        try await update(req) { service, progress, facts in
            if !facts.hasBrand {
                progress.brandSkippedAt = Date()
                try await service.record(.skipped, step: 1, substep: .brand)
            }
            advance(progress, from: .brand)
        }
    }

    /// The questionnaire was saved: within step 1 that completes sub-step 1.2.
    static func brandSaved(_ req: Request, user: AuthenticatedUser) async throws -> OnboardingState {
        let service = OnboardingService(db: req.db, user: user)
        let progress = try await service.progress()
        if progress.step1ConfirmedAt == nil {
            try await service.record(.completed, step: 1, substep: .brand)
            advance(progress, from: .brand)
            try await progress.save(on: req.db)
        }
        return try await service.state()
    }

    // MARK: 1.3 avatar: consent first; the persona itself is made by PersonaController

    struct ConsentBody: Content {
        var accepted: Bool
        var version: Int?
    }

    static func consent(_ req: Request) async throws -> Answer {
        let body = try req.content.decode(ConsentBody.self)
        let version = body.version ?? OnboardingRules.consentVersion
        guard body.accepted, version == OnboardingRules.consentVersion else {
            throw ServiceError(
                .badRequest, "consent_not_given",
                "Accept the current notice (version \(OnboardingRules.consentVersion)) to continue.")
        }
        let service = try service(req)
        try await service.recordConsent(version: version)
        return Answer(onboarding: try await service.state())
    }

    // MARK: 1.4 preferences

    struct PreferencesBody: Content {
        var platforms: [String]
        var contentStyle: String
        var postingFrequency: String
    }

    static func savePreferences(_ req: Request) async throws -> Answer {
        let body = try req.content.decode(PreferencesBody.self)
        let options = OnboardingOptions.standard
        let platforms = body.platforms.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard !platforms.isEmpty, platforms.allSatisfy({ OnboardingOptions.contains(options.platforms, $0) }) else {
            throw OnboardingValidation.invalid("platforms", "Choose at least one platform from the list.")
        }
        guard OnboardingOptions.contains(options.contentStyles, body.contentStyle) else {
            throw OnboardingValidation.invalid("contentStyle", "Choose a content style from the list.")
        }
        guard OnboardingOptions.contains(options.postingFrequencies, body.postingFrequency) else {
            throw OnboardingValidation.invalid("postingFrequency", "Choose how often you post from the list.")
        }
        return try await update(req) { service, progress, _ in
            progress.answers.preferences = .init(
                platforms: platforms, contentStyle: body.contentStyle, postingFrequency: body.postingFrequency)
            try await service.record(.completed, step: 1, substep: .preferences)
            advance(progress, from: .preferences)
        }
    }

    static func skipPreferences(_ req: Request) async throws -> Answer {
        try await update(req) { service, progress, facts in
            if facts.answers.preferences == nil {
                progress.preferencesSkippedAt = Date()
                try await service.record(.skipped, step: 1, substep: .preferences)
            }
            advance(progress, from: .preferences)
        }
    }

    // MARK: back, next, 1.5

    struct PositionBody: Content {
        var substep: String
    }

    static func move(_ req: Request) async throws -> Answer {
        let body = try req.content.decode(PositionBody.self)
        guard let target = OnboardingSubstep(rawValue: body.substep) else {
            throw OnboardingValidation.invalid("substep", "There is no sub-step \"\(body.substep.prefix(20))\".")
        }
        return try await update(req) { _, progress, facts in
            let missing = OnboardingRules.missing(before: target, facts)
            guard missing.isEmpty else {
                throw ServiceError(
                    .conflict, "substep_locked",
                    "Finish \(missing.map { "\($0.number) \($0.title)" }.joined(separator: " and ")) first.",
                    details: .object(["missing": .array(missing.map { .string($0.rawValue) })]))
            }
            progress.substep = target.rawValue
        }
    }

    static func confirmStep1(_ req: Request) async throws -> Answer {
        try await update(req) { service, progress, facts in
            let missing = OnboardingRules.missingForConfirmation(facts)
            guard missing.isEmpty else {
                throw ServiceError(
                    .conflict, "onboarding_incomplete",
                    "Step 1 still needs: \(missing.map { "\($0.number) \($0.title)" }.joined(separator: ", ")).",
                    details: .object(["missing": .array(missing.map { .string($0.rawValue) })]))
            }
            if progress.step1ConfirmedAt == nil { progress.step1ConfirmedAt = Date() }
            progress.substep = OnboardingSubstep.review.rawValue
            try await service.record(.completed, step: 1, substep: .review)
            try await service.record(.completed, step: 1)
        }
    }

    /// Moves the wizard on when the user is on the sub-step just finished (not when editing from review).
    static func advance(_ progress: OnboardingProgress, from substep: OnboardingSubstep) {
        if progress.substep == substep.rawValue { progress.substep = OnboardingRules.next(after: substep).rawValue }
    }
}
