import Testing

@testable import PersonaKit

/// A failed attempt: failed, announced with its attempt, and not billed unless its request may
/// still finish.
struct PortraitFailureTests {
    typealias F = PipelineFixtures

    @Test func aProviderFailureFailsTheJobAndSettlesItsLineUnbilled() throws {
        let job = F.job(1, attempt: 2, requestID: "r-2")
        let failure = PortraitRules.failure(
            job: job, error: "content_policy_violation: refused by policy", mayStillBeBilled: false)
        #expect(failure.state == .failed)
        #expect(failure.error == "content_policy_violation: refused by policy")
        #expect(
            failure.event
                == .portraitFailed(.init(index: 1, attempt: 2, error: "content_policy_violation: refused by policy")))
        let settlement = try #require(failure.settlement)
        let lines = [
            LedgerLine(jobID: job.id, requestID: "r-1", outcome: .failed),
            LedgerLine(jobID: job.id, requestID: "r-2"),
            LedgerLine(jobID: F.jobID(1, 1), requestID: "r-0"),
        ]
        #expect(
            settlement.apply(to: lines).map(\.outcome) == [.failed, .failed, .pending], "only this job's pending line")
    }

    @Test func aRequestStillRunningAtTheDeadlineKeepsItsLinePending() {
        let job = F.job(requestID: "r-1")
        let failure = PortraitRules.failure(job: job, error: "deadline: still running", mayStillBeBilled: true)
        #expect(failure.state == .failed)
        #expect(failure.settlement == nil, "the provider may still bill it; a retry may adopt it")
        #expect(failure.event.type == "portrait_failed")
    }
}
