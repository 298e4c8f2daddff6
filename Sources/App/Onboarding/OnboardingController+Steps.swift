import Fluent
import Vapor

/// The launchpad's steps 2 and 3 (and the guard every step's page asks first), and what the page
/// reports for the funnel.
extension OnboardingController {
    static func stepNumber(_ req: Request) throws -> Int {
        guard let number = req.parameters.get("number").flatMap(Int.init), (1...5).contains(number) else {
            throw ServiceError.notFound("This step")
        }
        return number
    }

    /// Refuses a step that is not open: locked (a step before it is unfinished) or unavailable.
    static func requireOpen(_ number: Int, _ facts: OnboardingFacts) throws {
        let step = OnboardingRules.steps(facts)[number - 1]
        switch step.state {
        case .locked:
            throw ServiceError(
                .conflict, "step_locked", "\(step.lockedMessage ?? "This step is locked").",
                details: .object(["step": .number(Double(number))]))
        case .unavailable:
            throw ServiceError(
                .conflict, "step_unavailable", "\(step.title) is not available on this server yet.",
                details: .object(["step": .number(Double(number))]))
        default: return
        }
    }

    static func openStep(_ req: Request) async throws -> StepAnswer {
        let number = try stepNumber(req)
        let service = try service(req)
        let facts = try await service.facts(try await service.progress())
        try requireOpen(number, facts)
        let state = OnboardingRules.state(facts)
        return StepAnswer(step: state.steps[number - 1], onboarding: state)
    }

    static func confirmStep(_ req: Request) async throws -> Answer {
        let number = try stepNumber(req)
        return try await update(req) { service, progress, facts in
            try requireOpen(number, facts)
            switch number {
            case 1:
                throw ServiceError(
                    .conflict, "use_the_wizard", "Step 1 is confirmed at the end of the wizard (1.5 Review & confirm).")
            case 2:
                guard facts.hasBrand else {
                    throw ServiceError(
                        .conflict, "brand_missing",
                        "There is no brand to confirm yet: answer the five questions, or skip this step.")
                }
                progress.step2ConfirmedAt = progress.step2ConfirmedAt ?? Date()
                progress.step2SkippedAt = nil
            case 3:
                guard facts.avatar?.status == "ready" else {
                    throw ServiceError(
                        .conflict, "avatar_not_ready", "Your default persona's portraits are not ready yet.")
                }
                progress.step3ConfirmedAt = progress.step3ConfirmedAt ?? Date()
            default:
                throw ServiceError(.conflict, "step_unavailable", "This step cannot be confirmed on this server yet.")
            }
            try await service.record(.completed, step: number)
        }
    }

    static func skipStep(_ req: Request) async throws -> Answer {
        let number = try stepNumber(req)
        return try await update(req) { service, progress, facts in
            try requireOpen(number, facts)
            guard OnboardingStep.all[number - 1].isOptional else {
                throw ServiceError(.conflict, "step_required", "This step can't be skipped.")
            }
            if progress.step2ConfirmedAt == nil {
                progress.step2SkippedAt = progress.step2SkippedAt ?? Date()
                try await service.record(.skipped, step: number)
            }
        }
    }

    struct EventBody: Content {
        var kind: String
        var step: Int
        var substep: String?
    }

    /// `shown` and `started`, as the page saw them; `completed` and `skipped` are the server's own.
    static func report(_ req: Request) async throws -> Response {
        let body = try req.content.decode(EventBody.self)
        guard let kind = FunnelEvent.Kind(rawValue: body.kind), kind == .shown || kind == .started else {
            throw OnboardingValidation.invalid("kind", "Report \"shown\" or \"started\".")
        }
        guard (1...5).contains(body.step) else { throw OnboardingValidation.invalid("step", "Steps are 1 to 5.") }
        var substep: OnboardingSubstep?
        if let number = body.substep {
            guard body.step == 1, let found = OnboardingSubstep(number: number) ?? OnboardingSubstep(rawValue: number)
            else { throw OnboardingValidation.invalid("substep", "Sub-steps are 1.1 to 1.5, within step 1.") }
            substep = found
        }
        let service = try service(req)
        try requireOpen(body.step, try await service.facts(try await service.progress()))
        try await service.record(kind, step: body.step, substep: substep)
        let response = Response(status: .ok)
        try response.content.encode(["success": true])
        return response
    }
}
