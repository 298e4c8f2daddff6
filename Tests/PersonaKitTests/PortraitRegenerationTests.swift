import Testing

@testable import PersonaKit

/// A person asks for a finished portrait again: a new attempt with its own retry and a seed no
/// earlier attempt had; refused while the portrait is still being made.
struct PortraitRegenerationTests {
    typealias F = PipelineFixtures

    @Test func aRegenerationOfAFinishedPortraitGetsANewAttemptSeedAndRetry() throws {
        let latest = F.job(2, attempt: 2, retriesLeft: 0, state: .needsReview)
        let previous = F.request(2, seed: 99, instruction: "cooler")
        let regeneration = try #require(
            PortraitRules.regeneration(latest: latest, request: previous, instruction: "warmer", personaStatus: .ready))
        #expect(regeneration.attempt.attempt == 3 && regeneration.attempt.retriesLeft == 1)
        #expect(
            regeneration.attempt.request
                == PortraitRequest(
                    scenario: previous.scenario, references: previous.references,
                    seed: PortraitRules.nextSeed(after: 99 ^ 2), instruction: "warmer"))
        #expect(regeneration.attempt.request.seed != PortraitRules.nextSeed(after: 99), "not the retry's seed")
        #expect(regeneration.status == .analyzing && regeneration.stage == .regenerating)
        #expect(regeneration.event == .portraitRegenerating(.init(index: 2, attempt: 3, instruction: "warmer")))
    }

    @Test func anEmptyInstructionIsNoneInTheRequestButRepeatedInTheEvent() throws {
        let latest = F.job(state: .verified)
        let regeneration = try #require(
            PortraitRules.regeneration(
                latest: latest, request: F.request(instruction: "old"), instruction: "", personaStatus: .pendingUpload))
        #expect(regeneration.attempt.request.instruction == nil)
        #expect(regeneration.stage == .generating, "a draft never finished a first time")
        #expect(regeneration.event == .portraitRegenerating(.init(index: 0, attempt: 2, instruction: "")))
    }

    @Test(arguments: [PortraitJobState.queued, .submitted])
    func aPortraitStillBeingMadeIsNotRegenerated(state: PortraitJobState) {
        #expect(
            PortraitRules.regeneration(
                latest: F.job(state: state), request: F.request(), instruction: nil, personaStatus: .ready) == nil)
    }
}
