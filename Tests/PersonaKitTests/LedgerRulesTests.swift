import Foundation
import Testing

@testable import PersonaKit

/// One ledger line per submission, billed when it delivers, not billed when it cannot have been
/// charged or failed, pending while the provider may still bill it.
struct LedgerRulesTests {
    typealias F = PipelineFixtures

    /// A job submitted, its request lost to the provider twice (resubmitted each time), then a
    /// third loss: three submissions, three lines, each settled once.
    @Test func everySubmissionHasExactlyOneLine() throws {
        let jobID = F.jobID(0, 1)
        var ledger: [LedgerLine] = []
        func charge(_ requestID: String?) {
            if let line = LedgerRules.charge(jobID: jobID, requestID: requestID, recorded: ledger) {
                ledger.append(line)
            }
        }
        charge(nil)
        #expect(ledger.isEmpty, "no line before the provider names the submission")
        charge("r-1")
        charge("r-1")  // a restart that finds the id saved, or a claim racing this process
        #expect(ledger.count == 1)
        for (lost, next) in [("r-1", "r-2"), ("r-2", "r-3")] {
            let decision = LedgerRules.resubmission(
                jobID: jobID, requestID: lost, recorded: ledger, code: "request_lost", message: "unknown")
            guard case .submitAgain(let settle) = decision else {
                Issue.record("gave up after \(ledger.count): \(decision)")
                return
            }
            ledger = settle.apply(to: ledger)
            charge(next)
        }
        #expect(ledger.map(\.requestID) == ["r-1", "r-2", "r-3"])
        #expect(ledger.map(\.outcome) == [.failed, .failed, .pending])
        #expect(
            LedgerRules.resubmission(
                jobID: jobID, requestID: "r-3", recorded: ledger, code: "request_lost", message: "unknown")
                == .giveUp(.unavailable("request_lost: unknown (submitted 3 times)")),
            "at most two new submissions")
        ledger = LedgerRules.delivered(jobID: jobID).apply(to: ledger)
        #expect(ledger.map(\.outcome) == [.failed, .failed, .succeeded], "a settled line never changes again")
    }

    @Test func aResubmissionCountsOnlyTheJobsOwnLines() {
        let jobID = F.jobID(0, 2)
        let others = (1...5).map { LedgerLine(jobID: F.jobID(0, 1), requestID: "old-\($0)", outcome: .failed) }
        let decision = LedgerRules.resubmission(
            jobID: jobID, requestID: "r", recorded: others + [LedgerLine(jobID: jobID, requestID: "r")], code: "c",
            message: "m")
        #expect(decision == .submitAgain(settle: LedgerSettlement(jobID: jobID, requestID: "r", outcome: .failed)))
    }

    @Test func aDeliveredPictureBillsTheJobsPendingLinesOnly() {
        let jobID = F.jobID(0, 2)
        let lines = [
            LedgerLine(jobID: jobID, requestID: "adopted"), LedgerLine(jobID: F.jobID(0, 1), requestID: "x"),
        ]
        #expect(LedgerRules.delivered(jobID: jobID).apply(to: lines).map(\.outcome) == [.succeeded, .pending])
        #expect(
            LedgerRules.failed(jobID: jobID, mayStillBeBilled: false)
                == LedgerSettlement(jobID: jobID, outcome: .failed))
        #expect(LedgerRules.failed(jobID: jobID, mayStillBeBilled: true) == nil)
    }

    static let earlier = F.job(0, attempt: 1, state: .failed, requestID: "kept")
    static let retry = F.job(0, attempt: 2, state: .queued)
    static let keptLine = LedgerLine(jobID: F.jobID(0, 1), requestID: "kept")

    static func kept(
        _ job: PortraitJobSnapshot = retry, instruction: String? = nil, earlier: PortraitJobSnapshot? = earlier,
        lines: [LedgerLine] = [keptLine]
    ) -> KeptRequest? {
        LedgerRules.keptRequest(
            for: job, request: F.request(seed: 2, instruction: instruction), earlier: earlier, recorded: lines
        ) { F.request(seed: 1) }
    }

    @Test func aRetryAdoptsTheRequestItsAttemptLeftRunning() {
        #expect(Self.kept() == KeptRequest(requestID: "kept", fromJobID: F.jobID(0, 1), fromAttempt: 1))
    }

    /// Each condition, broken alone, stops the adoption.
    @Test(
        arguments: [
            ("a first attempt", kept(F.job(0, attempt: 1, state: .queued))),
            ("already submitted", kept(F.job(0, attempt: 2, state: .queued, requestID: "own"))),
            ("a submission begun", kept(F.job(0, attempt: 2, state: .queued, submitStartedAt: Date()))),
            ("no earlier attempt", kept(earlier: nil)),
            ("earlier of another scenario", kept(earlier: F.job(1, attempt: 1, state: .failed, requestID: "kept"))),
            (
                "earlier not before it",
                kept(
                    earlier: F.job(0, attempt: 3, state: .failed, requestID: "kept"),
                    lines: [LedgerLine(jobID: F.jobID(0, 3), requestID: "kept")])
            ),
            ("earlier not failed", kept(earlier: F.job(0, attempt: 1, state: .retried, requestID: "kept"))),
            ("earlier without an id", kept(earlier: F.job(0, attempt: 1, state: .failed))),
            ("its line settled", kept(lines: [LedgerLine(jobID: F.jobID(0, 1), requestID: "kept", outcome: .failed)])),
            ("its line another job's", kept(lines: [LedgerLine(jobID: F.jobID(0, 2), requestID: "kept")])),
            ("another instruction", kept(instruction: "new")),
        ] as [(String, KeptRequest?)])
    func aRetryDoesNotAdoptWhen(_ why: String, kept: KeptRequest?) {
        #expect(kept == nil, "\(why)")
    }

    /// The earlier request is decoded only when everything else holds, and its failure is the caller's.
    @Test func theEarlierRequestIsReadLastAndItsErrorPassesThrough() throws {
        struct Undecodable: Error {}
        let notFailed = F.job(0, attempt: 1, state: .retried, requestID: "kept")
        let skipped = try LedgerRules.keptRequest(
            for: Self.retry, request: F.request(), earlier: notFailed, recorded: [Self.keptLine]
        ) { throw Undecodable() }
        #expect(skipped == nil)
        #expect(throws: Undecodable.self) {
            try LedgerRules.keptRequest(
                for: Self.retry, request: F.request(), earlier: Self.earlier, recorded: [Self.keptLine]
            ) { throw Undecodable() }
        }
    }

    @Test func aReportedRequestIsTheLostSubmissionOfAJobThatBeganOne() {
        let begun = F.job(state: .queued, submitStartedAt: Date())
        #expect(LedgerRules.isLostSubmission(of: begun, requestID: "r", recorded: []))
        let givenUp = [LedgerLine(jobID: begun.id, requestID: "r", outcome: .failed)]
        #expect(
            !LedgerRules.isLostSubmission(of: begun, requestID: "r", recorded: givenUp), "a late word of an old one")
        #expect(!LedgerRules.isLostSubmission(of: F.job(state: .queued), requestID: "r", recorded: []), "never begun")
        var submitted = begun
        submitted.state = .submitted
        submitted.requestID = "r"
        #expect(!LedgerRules.isLostSubmission(of: submitted, requestID: "r", recorded: []), "its id is known")
    }
}
