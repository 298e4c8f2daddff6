import Foundation
import Testing

@testable import PersonaKit

/// When and how a persona ends: only once every scenario's latest job has finished, ready with the
/// portraits made (needs-review ones included), failed when none was.
struct PersonaOutcomeTests {
    typealias F = PipelineFixtures

    static func finishedSet() -> [PortraitJobSnapshot] {
        [
            F.job(0, state: .verified, portrait: true, distance: 0.2),
            F.job(1, attempt: 2, retriesLeft: 0, state: .needsReview, portrait: true, distance: 0.5),
            F.job(2, state: .verified, portrait: true, distance: 0.3),
            F.job(3, attempt: 2, retriesLeft: 0, state: .needsReview, portrait: true, distance: nil),
            F.job(4, state: .failed),
        ]
    }

    @Test func aPersonaWithSomePortraitsNeedingReviewIsReady() throws {
        let latest = Self.finishedSet()
        let outcome = try #require(PersonaRules.outcome(latestJobs: latest, scenarioCount: 5, status: .analyzing))
        #expect(outcome.status == .ready && outcome.stage == .done)
        #expect(outcome.portraitImageIDs == [F.imageID(0), F.imageID(1, 2), F.imageID(2), F.imageID(3, 2)])
        #expect(outcome.error == nil)
        // (1 − 0.2/0.55) + (1 − 0.5/0.55) + (1 − 0.3/0.55) + 0 (no face) + 0 (failed), over five.
        let expected = ((1 - 0.2 / 0.55) + (1 - 0.5 / 0.55) + (1 - 0.3 / 0.55)) / 5
        #expect(abs(outcome.consistencyScore - expected) < 1e-12)
        let event = outcome.event(portraitURL: F.url)
        guard case .personaReady(let data) = event else {
            Issue.record("not ready: \(event)")
            return
        }
        #expect(data.status == .ready && data.stage == .done)
        #expect(data.portraits == outcome.portraitImageIDs.map(F.url))
        #expect(data.consistencyScore == (expected * 1000).rounded() / 1000, "rounded on the wire only")
    }

    @Test func aPersonaWithoutAnyPortraitFails() throws {
        let latest = (0..<5).map { F.job($0, state: .failed) }
        let outcome = try #require(PersonaRules.outcome(latestJobs: latest, scenarioCount: 5, status: .analyzing))
        #expect(outcome.status == .failed && outcome.stage == .failed)
        #expect(outcome.portraitImageIDs.isEmpty)
        #expect(outcome.consistencyScore == 0)
        #expect(outcome.error == "No portrait could be generated.")
        #expect(
            outcome.event(portraitURL: F.url)
                == .personaFailed(.init(status: .failed, stage: .failed, consistencyScore: 0, portraits: [])))
    }

    @Test(arguments: [PortraitJobState.queued, .submitted])
    func aPersonaWithAnUnfinishedLatestJobDoesNotEnd(state: PortraitJobState) {
        var latest = Self.finishedSet()
        latest[4] = F.job(4, attempt: 2, state: state)
        #expect(PersonaRules.outcome(latestJobs: latest, scenarioCount: 5, status: .analyzing) == nil)
    }

    @Test func aPersonaMissingAScenarioDoesNotEnd() {
        #expect(
            PersonaRules.outcome(latestJobs: Array(Self.finishedSet().prefix(4)), scenarioCount: 5, status: .analyzing)
                == nil)
    }

    @Test(arguments: [PersonaStatus.ready, .failed, .pendingUpload])
    func aPersonaEndsOnlyFromAnalyzing(status: PersonaStatus) {
        #expect(PersonaRules.outcome(latestJobs: Self.finishedSet(), scenarioCount: 5, status: status) == nil)
    }

    @Test func aCancelledLatestJobIsFinishedWithoutAPortrait() throws {
        var latest = Self.finishedSet()
        latest[0] = F.job(0, state: .cancelled)
        let outcome = try #require(PersonaRules.outcome(latestJobs: latest, scenarioCount: 5, status: .analyzing))
        #expect(outcome.portraitImageIDs == [F.imageID(1, 2), F.imageID(2), F.imageID(3, 2)])
    }

    @Test func theLatestJobOfEachScenarioIsItsHighestAttemptThenItsNewest() {
        let early = Date(timeIntervalSince1970: 1_000)
        let late = Date(timeIntervalSince1970: 2_000)
        var twin = F.job(1, attempt: 2, state: .verified, createdAt: late)
        twin.id = UUID(uuidString: "22222222-0000-0000-0000-000000000000")!
        let jobs = [
            F.job(2, state: .verified),
            F.job(0, attempt: 2, state: .queued),
            F.job(0, attempt: 1, state: .retried, portrait: true),
            F.job(1, attempt: 2, state: .needsReview, createdAt: early),
            twin,
            F.job(1, attempt: 1, state: .retried, createdAt: Date(timeIntervalSince1970: 3_000)),
        ]
        let latest = PersonaRules.latestJobs(jobs)
        #expect(latest.map(\.scenarioIndex) == [0, 1, 2], "in scenario order")
        #expect(latest[0] == F.job(0, attempt: 2, state: .queued), "the retry stands, not the rejected picture")
        #expect(latest[1] == twin, "the same attempt twice: the newer one")
        #expect(latest[2] == F.job(2, state: .verified))
    }

    /// App's rows (a Fluent class) pick their latest job by the same rule, without snapshots.
    final class Row: ScenarioAttempt {
        let scenarioIndex: Int
        let attempt: Int
        let createdAt: Date?
        init(_ scenarioIndex: Int, _ attempt: Int) {
            self.scenarioIndex = scenarioIndex
            self.attempt = attempt
            createdAt = nil
        }
    }

    @Test func rowsPickTheirLatestJobByTheSameRule() {
        let rows = [Row(1, 1), Row(0, 1), Row(1, 3), Row(1, 2)]
        #expect(PersonaRules.latestJobs(rows).map { [$0.scenarioIndex, $0.attempt] } == [[0, 1], [1, 3]])
    }

    @Test func consistencyCountsAMissingDistanceOrMissingPortraitAsZero() {
        #expect(IdentityVerifier.consistencyScore(distances: []) == 0)
        #expect(IdentityVerifier.consistencyScore(distances: [nil, nil]) == 0)
        #expect(IdentityVerifier.consistencyScore(distances: [0, nil]) == 0.5)
        #expect(IdentityVerifier.consistencyScore(distances: [0.55, 0.9, 0]) == 1.0 / 3, "beyond the bar counts 0")
        // A distance whose image row is gone (portraitImageID nil) counts as no portrait.
        var latest = (0..<5).map { F.job($0, state: .verified, portrait: true, distance: 0) }
        latest[4].portraitImageID = nil
        latest[4].identityDistance = 0
        let outcome = PersonaRules.outcome(latestJobs: latest, scenarioCount: 5, status: .analyzing)
        #expect(outcome?.consistencyScore == 0.8)
        #expect(outcome?.portraitImageIDs.count == 4)
    }
}
