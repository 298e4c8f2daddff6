import Testing

@testable import PersonaKit

/// A stored portrait's verdict: verified, retried with a new seed while a retry is left, else left
/// for review; every picture announced as ready first.
struct PortraitVerdictTests {
    typealias F = PipelineFixtures

    @Test func aPortraitOfThePersonIsVerified() throws {
        let job = F.job(2, retriesLeft: 1)
        let outcome = PortraitRules.verdict(
            job: job, request: F.request(2), verification: PortraitVerification(faceFound: true, distance: 0.3),
            delivery: F.delivery)
        #expect(outcome.state == .verified)
        #expect(outcome.imageState == "verified")
        #expect(outcome.events.map(\.type) == ["portrait_ready", "portrait_verified"])
        #expect(outcome.retry == nil)
        guard case .portraitVerified(let data) = outcome.events[1] else {
            Issue.record("not verified: \(outcome.events)")
            return
        }
        #expect(data.index == 2 && data.scenario == "dynamic_action" && data.attempt == 1)
        #expect(data.url == F.delivery.url && data.madeBy == F.delivery.madeBy)
        #expect(data.likeness == .strong && data.faceFound && data.identityDistance == 0.3)
        #expect(outcome.events[0] == .portraitReady(data), "ready and verdict carry the same measurement")
    }

    @Test func aRejectedPortraitWithARetryLeftIsRetriedWithTheNextSeed() throws {
        let job = F.job(1, attempt: 1, retriesLeft: 1)
        let request = F.request(1, seed: 7, instruction: "softer light")
        let outcome = PortraitRules.verdict(
            job: job, request: request, verification: PortraitVerification(faceFound: true, distance: 0.5),
            delivery: F.delivery)
        #expect(outcome.state == .retried)
        #expect(outcome.imageState == "rejected", "the picture stays in the history as rejected")
        #expect(outcome.events.map(\.type) == ["portrait_ready", "portrait_retrying"])
        let retry = try #require(outcome.retry)
        #expect(retry.scenarioIndex == 1 && retry.attempt == 2 && retry.retriesLeft == 0)
        #expect(
            retry.request
                == PortraitRequest(
                    scenario: request.scenario, references: request.references,
                    seed: PortraitRules.nextSeed(after: 7), instruction: "softer light"),
            "same scenario, references and instruction (a retry of a regeneration keeps it), a new seed")
        guard case .portraitRetrying(let data) = outcome.events[1] else {
            Issue.record("not retrying: \(outcome.events)")
            return
        }
        #expect(data.reason == "weak_likeness" && data.likeness == .weak && data.attempt == 1)
    }

    @Test func aRejectedPortraitWithNoRetryLeftNeedsReview() {
        let job = F.job(3, attempt: 2, retriesLeft: 0)
        let outcome = PortraitRules.verdict(
            job: job, request: F.request(3), verification: PortraitVerification(faceFound: true, distance: 0.7),
            delivery: F.delivery)
        #expect(outcome.state == .needsReview)
        #expect(outcome.imageState == "needs_review")
        #expect(outcome.events.map(\.type) == ["portrait_ready", "portrait_needs_review"])
        #expect(outcome.retry == nil)
        guard case .portraitNeedsReview(let data) = outcome.events[1] else {
            Issue.record("not needs review: \(outcome.events)")
            return
        }
        #expect(data.reason == "identity_mismatch" && data.likeness == .off && data.attempt == 2)
    }

    @Test(arguments: [(1, PortraitJobState.retried), (0, PortraitJobState.needsReview)])
    func aPortraitWithoutAFaceIsRejected(retriesLeft: Int, expected: PortraitJobState) {
        let outcome = PortraitRules.verdict(
            job: F.job(retriesLeft: retriesLeft), request: F.request(),
            verification: PortraitVerification(faceFound: false, distance: nil), delivery: F.delivery)
        #expect(outcome.state == expected)
        #expect((outcome.retry != nil) == (expected == .retried))
        guard case .portraitReady(let ready) = outcome.events[0] else {
            Issue.record("no ready event: \(outcome.events)")
            return
        }
        #expect(!ready.faceFound && ready.identityDistance == nil && ready.likeness == nil)
        switch outcome.events[1] {
        case .portraitRetrying(let data), .portraitNeedsReview(let data): #expect(data.reason == "no_face")
        default: Issue.record("no rejection: \(outcome.events)")
        }
    }

    @Test func aSecondOpinionThatDisagreesMakesAStrongPortraitWeak() {
        let verification = PortraitVerification(faceFound: true, distance: 0.2, secondOpinionDistance: 0.8)
        let outcome = PortraitRules.verdict(
            job: F.job(), request: F.request(), verification: verification, delivery: F.delivery)
        #expect(outcome.state == .retried)
        guard case .portraitRetrying(let data) = outcome.events[1] else {
            Issue.record("not retrying: \(outcome.events)")
            return
        }
        #expect(data.secondOpinionDistance == 0.8 && data.reason == "weak_likeness")
    }

    @Test func theRetrySeedIsTheServicesLCG() {
        #expect(PortraitRules.nextSeed(after: 0) == 1_442_695_040_888_963_407)
        #expect(PortraitRules.nextSeed(after: 1) == 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407)
        #expect(PortraitRules.nextSeed(after: 42) == PortraitRules.nextSeed(after: 42), "reproducible")
    }

    @Test func aSubmissionStartsWithItsScenarioAndAttempt() {
        let event = PortraitRules.started(F.job(4, attempt: 2), F.request(4))
        #expect(event == .portraitStarted(.init(index: 4, scenario: "environmental_portrait", attempt: 2)))
    }

    @Test(
        arguments: [
            (nil, "queued"), (F.job(state: .queued), "queued"),
            (F.job(attempt: 2, retriesLeft: 0, state: .queued), "retrying"),
            // A regeneration asked for: a later attempt with its own retry left, not a retry.
            (F.job(attempt: 2, retriesLeft: 1, state: .queued), "queued"),
            (F.job(state: .submitted), "generating"), (F.job(state: .retried), "retrying"),
            (F.job(state: .verified), "verified"), (F.job(state: .needsReview), "needs_review"),
            (F.job(state: .failed), "failed"), (F.job(state: .cancelled), "cancelled"),
        ] as [(PortraitJobSnapshot?, String)])
    func theDetailShowsTheLatestJobsState(latest: PortraitJobSnapshot?, shown: String) {
        #expect(PortraitRules.shownState(of: latest) == shown)
    }

    @Test func onlyFinishedAndNotStartedStatesAreApart() {
        let finished = PortraitJobState.allCases.filter(\.isFinished)
        #expect(finished == [.verified, .needsReview, .retried, .failed, .cancelled])
        #expect(PortraitJobState.needsReview.rawValue == "needs_review")
    }
}
