import Testing

@testable import PersonaKit

/// A person keeps an earlier attempt: recorded as the scenario's newest attempt, with its own
/// verdict unchanged, and refused while an attempt is still being made.
struct PortraitKeepTests {
    typealias F = PipelineFixtures

    @Test func aVerifiedPictureIsKeptAsTheNewestAttemptAndAnnouncedVerified() throws {
        let latest = F.job(1, attempt: 3, retriesLeft: 1, state: .needsReview)
        let kept = try #require(
            PortraitRules.keep(
                latest: latest, scenario: "casual_friendly", wasVerified: true,
                verification: PortraitVerification(faceFound: true, distance: 0.21), delivery: F.delivery))
        #expect(kept.attempt == 4 && kept.state == .verified)
        guard case .portraitVerified(let measurement) = kept.event else {
            Issue.record("expected portrait_verified, got \(kept.event.type)")
            return
        }
        #expect(measurement.index == 1 && measurement.attempt == 4 && measurement.url == F.delivery.url)
        #expect(measurement.identityDistance == 0.21 && measurement.likeness == .strong)
    }

    @Test func aPictureThatNeededReviewStillNeedsItWithItsReason() throws {
        let kept = try #require(
            PortraitRules.keep(
                latest: F.job(state: .verified), scenario: "professional_headshot", wasVerified: false,
                verification: PortraitVerification(faceFound: false, distance: nil), delivery: F.delivery))
        #expect(kept.state == .needsReview && kept.attempt == 2)
        guard case .portraitNeedsReview(let rejection) = kept.event else {
            Issue.record("expected portrait_needs_review, got \(kept.event.type)")
            return
        }
        #expect(rejection.reason == "no_face" && rejection.faceFound == false)
    }

    @Test(arguments: [PortraitJobState.queued, .submitted])
    func nothingIsKeptWhileAnAttemptIsBeingMade(state: PortraitJobState) {
        #expect(
            PortraitRules.keep(
                latest: F.job(state: state), scenario: "professional_headshot", wasVerified: true,
                verification: PortraitVerification(faceFound: true, distance: 0.2), delivery: F.delivery) == nil)
    }
}
