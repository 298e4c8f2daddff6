import Foundation

/// The onboarding's rules as pure functions of `OnboardingFacts`: which sub-steps and steps are
/// done, what is locked, the percent, where back and next may go, and what step 1 still needs.
enum OnboardingRules {
    /// Version of the face-data notice; accepting records it, so a changed notice can be asked again.
    static let consentVersion = 1
    static let consentNotice = """
        Before we look at any photo: your photos are analysed to find your face, pick the best ones and \
        check that every portrait looks like you. The face measurements this needs stay inside the persona \
        they belong to: never shown, never shared, and deleted with the persona (and all its photos and \
        portraits) whenever you delete it.
        """

    static func substepState(_ substep: OnboardingSubstep, _ facts: OnboardingFacts) -> OnboardingState.Substep.State {
        switch substep {
        case .profile: facts.answers.profile != nil ? .done : .pending
        case .brand: facts.hasBrand ? .done : facts.brandSkippedAt != nil ? .skipped : .pending
        case .avatar: facts.avatar?.status == "ready" ? .done : .pending
        case .preferences:
            facts.answers.preferences != nil ? .done : facts.preferencesSkippedAt != nil ? .skipped : .pending
        case .review: facts.step1ConfirmedAt != nil ? .done : .pending
        }
    }

    /// The sub-steps before `substep` that still need doing (neither done nor skipped).
    static func missing(before substep: OnboardingSubstep, _ facts: OnboardingFacts) -> [OnboardingSubstep] {
        OnboardingSubstep.allCases.prefix { $0 != substep }.filter { substepState($0, facts) == .pending }
    }

    /// What confirming step 1 (sub-step 1.5) still needs.
    static func missingForConfirmation(_ facts: OnboardingFacts) -> [OnboardingSubstep] {
        missing(before: .review, facts)
    }

    static func stepState(_ number: Int, _ facts: OnboardingFacts) -> OnboardingState.Step.State {
        let step = OnboardingStep.all[number - 1]
        if let capability = step.capability, !facts.capabilities.contains(capability) { return .unavailable }
        switch number {
        case 1: return facts.step1ConfirmedAt != nil ? .done : .current
        case 2:
            guard stepState(1, facts) == .done else { return .locked }
            return facts.step2ConfirmedAt != nil ? .done : facts.step2SkippedAt != nil ? .skipped : .current
        case 3:
            guard [.done, .skipped].contains(stepState(2, facts)) else { return .locked }
            return facts.step3ConfirmedAt != nil ? .done : .current
        default:
            // Steps 4 and 5 arrive with their capabilities; nothing finishes them yet.
            let before = stepState(number - 1, facts)
            return [.done, .skipped, .unavailable].contains(before) ? .current : .locked
        }
    }

    static func steps(_ facts: OnboardingFacts) -> [OnboardingState.Step] {
        var steps = OnboardingStep.all.map { step -> OnboardingState.Step in
            let state = stepState(step.number, facts)
            let lockedMessage: String? =
                switch state {
                case .locked: "Complete step \(step.number - 1) to unlock"
                case .unavailable: "Not available on this server yet"
                default: nil
                }
            return OnboardingState.Step(
                number: step.number, key: step.key, title: step.title, description: step.description, why: step.why,
                optional: step.isOptional, state: state, lockedMessage: lockedMessage)
        }
        // Each page's words depend on every step's state, so they come once the states are known.
        let pageWide = OnboardingGuide.message(facts, steps: steps)
        for i in steps.indices {
            steps[i].guide = OnboardingGuide.pageMessage(steps[i], steps: steps, otherwise: pageWide)
        }
        return steps
    }

    /// 20 for each step done, or skipped and optional, over all five.
    static func percent(_ steps: [OnboardingState.Step]) -> Int {
        steps.filter { $0.state == .done || ($0.state == .skipped && $0.optional) }.count * 100 / steps.count
    }

    /// Every step on offer is behind the user: the journey's "you're set up" moment.
    static func isFinished(_ steps: [OnboardingState.Step]) -> Bool {
        steps.allSatisfy { [.done, .skipped, .unavailable].contains($0.state) }
    }

    /// Where the wizard goes after `substep` has been done or skipped.
    static func next(after substep: OnboardingSubstep) -> OnboardingSubstep {
        let all = OnboardingSubstep.allCases
        return all[min(all.count - 1, all.firstIndex(of: substep)! + 1)]
    }

    static func state(_ facts: OnboardingFacts) -> OnboardingState {
        let steps = steps(facts)
        let profile = facts.answers.profile
        return OnboardingState(
            percent: percent(steps), finished: isFinished(steps), steps: steps,
            wizard: .init(
                substep: facts.substep.rawValue,
                substeps: OnboardingSubstep.allCases.map {
                    .init(
                        key: $0.rawValue, number: $0.number, title: $0.title, optional: $0.isOptional,
                        state: substepState($0, facts))
                }),
            answers: .init(
                profile: .init(
                    displayName: profile?.displayName, email: facts.email, niche: profile?.niche,
                    nicheOther: profile?.nicheOther),
                preferences: facts.answers.preferences),
            consent: .init(
                accepted: facts.consentAt != nil, acceptedAt: facts.consentAt, version: consentVersion,
                notice: consentNotice),
            avatar: .init(
                defaultPersonaId: facts.avatar?.personaID, status: facts.avatar?.status,
                portraitsReady: facts.avatar?.portraitsReady ?? 0),
            brand: .init(exists: facts.hasBrand, skipped: !facts.hasBrand && facts.brandSkippedAt != nil),
            guide: OnboardingGuide.message(facts, steps: steps),
            capabilities: facts.capabilities.sorted(),
            options: .standard)
    }
}
