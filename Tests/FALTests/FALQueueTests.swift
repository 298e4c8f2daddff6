import FAL
import Faces
import FakeFAL
import Foundation
import Imaging
import PersonaKit
import Providers  // FAL's errors and charges as PersonaKit's
import Synchronization
import TestSupport
import Testing

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FALQueueTests {
    typealias F = FALFixtures

    @Test func submitThenStatusThenResultIsAJPEGOfThePerson() async throws {
        try await F.withFake(latency: 1.0) { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let urls = try await F.uploadReferences(client)
            let request = try await client.submit(FALModel.nanoBananaProEdit, input: F.headshotInput(urls))
            // The URLs come from the submit answer, with owner/app only.
            #expect(
                request.statusURL.hasPrefix("\(server.queueURL)/fal-ai/nano-banana-pro/requests/\(request.requestId)"))
            #expect(request.queuePosition == 0)
            // Usually still queued; the test process can stall for a second while the Swift
            // runtime warms up, so "already running" is accepted (positions are pinned down in
            // FALQueuePositionTests, where a busy slot holds the job in line).
            let first = try await client.status(of: request, logs: true)
            #expect(first.state == .inQueue || first.state == .inProgress)
            if first.state == .inQueue { #expect(first.queuePosition == 0) }

            let seen = Mutex<[FALQueueStatus]>([])
            let result = try await client.wait(for: request, as: NanoBananaProOutput.self, logs: true) { status in
                seen.withLock { $0.append(status) }
            }
            // Queued, then running (a poll may miss that phase on a loaded machine), then done; never backwards.
            let order: [FALQueueStatus.State: Int] = [.inQueue: 0, .inProgress: 1, .completed: 2]
            let ranks = seen.withLock { $0.map { order[$0.state] ?? -1 } }
            #expect(ranks == ranks.sorted() && ranks.first! >= 0 && ranks.last == 2, "states in order: \(ranks)")
            #expect(seen.withLock { $0.last?.logs.isEmpty == false })
            #expect(result.requestId == request.requestId)

            let image = try #require(result.output.images.first)
            #expect(image.contentType == "image/jpeg")
            let (bytes, _) = try await client.download(image.url)
            #expect(ImageFormat.sniff(bytes) == .jpeg)
            let analysis = await F.analyze(bytes)
            let embedding = try #require(analysis.embedding, "no face in the fake's portrait")
            #expect(embedding.distance(to: await F.obamaIdentity()) < FaceEmbedding.samePersonThreshold)
            #expect(try await F.submissions(server) == 1)
        }
    }

    @Test(arguments: [
        "429;times=2;on=submit", "503;times=2;on=status", "504;times=2;on=result", "502;times=1;on=upload",
        "drop;times=1;on=submit", "drop;times=1;on=status", "stall;times=1;on=submit",
    ])
    func transientFaultsAreRetriedThenSucceed(fault: String) async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: fault)
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            // No time bound here (timing is the bench's job): in the full suite the fake's renders
            // queue behind every other test's. Deadlines have their own tests below.
            let result = try await client.subscribe(
                FALModel.nanoBananaProEdit, input: F.headshotInput(urls), as: NanoBananaProOutput.self)
            #expect(result.output.images.count == 1)
            let parts = fault.split(separator: ";")
            let kind = String(parts[0])
            let times = Int(parts[1].dropFirst("times=".count))!
            #expect(try await F.faultHits(server, kind) == times, "the fault hit as often as asked")
            #expect(try await F.submissions(server) == 1, "one job queued, however many attempts")
        }
    }

    @Test func aPersistentOutageGivesUpAfterTheAttemptsAsUnavailable() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "503;on=submit")
            let error = await #expect(throws: FALError.self) {
                try await client.submit(
                    FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]))
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == 503 && api.errorType == "runner_scheduling_failure")
            #expect(error?.providerError == .unavailable(error!.description))
            #expect(try await F.faultHits(server, "503") == F.retry.maxAttempts)
            #expect(try await F.submissions(server) == 0)
        }
    }

    @Test func aContentPolicyRefusalIsRejectedAndNotRetried() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "content_policy")
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let error = await #expect(throws: FALError.self) {
                try await client.subscribe(
                    FALModel.nanoBananaProEdit, input: F.headshotInput(urls), as: NanoBananaProOutput.self)
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == 422)
            #expect(api.isContentPolicyViolation)
            #expect(api.fieldErrors.first?.loc == ["body", "prompt"])
            #expect(!error!.isRetryable)
            guard case .rejected(let code, _) = error!.providerError else {
                Issue.record("not rejected")
                return
            }
            #expect(code == "content_policy_violation")
            let stats = try await F.stats(server)
            #expect(stats.resultsFetched == 1, "the 422 was not fetched again")
            #expect(try await F.submissions(server) == 1)
        }
    }

    @Test func aCompletedJobCanHideAnErrorThatTheResultReveals() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "completed_error")
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let request = try await client.submit(FALModel.nanoBananaProEdit, input: F.headshotInput(urls))
            let last = Mutex<FALQueueStatus?>(nil)
            let error = await #expect(throws: FALError.self) {
                try await client.wait(for: request, as: NanoBananaProOutput.self) { status in
                    last.withLock { $0 = status }
                }
            }
            #expect(last.withLock { $0?.state } == .completed, "the status said COMPLETED")
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == 500 && api.errorType == "runner_server_error")
            #expect(api.requestId == request.requestId)
            guard case .unavailable = error!.providerError else {
                Issue.record("not unavailable")
                return
            }
        }
    }

    /// Cut by the job's deadline, never charged. Whether it is also cancelled depends on whether the
    /// fake had started it by then (a loaded machine once had not): FALWaitingTests pins both cases.
    @Test func aJobThatNeverFinishesIsCutByTheDeadline() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            var deadlines = F.deadlines
            deadlines.job = .milliseconds(1500)
            let client = F.client(for: server, fault: "hang", deadlines: deadlines)
            let started = ContinuousClock.now
            let error = await #expect(throws: FALError.self) {
                try await client.subscribe(
                    FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]),
                    as: NanoBananaProOutput.self)
            }
            guard case .timeout(let timeout) = error else {
                Issue.record("not a timeout: \(String(describing: error))")
                return
            }
            #expect(timeout.scope == .job)
            #expect(ContinuousClock.now - started < .seconds(60), "cut off long before the fake's 600 s stall limit")
            #expect(try await F.stats(server).charged.isEmpty)
        }
    }

    @Test func aServerThatNeverAnswersIsCutByTheAttemptDeadline() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            var deadlines = F.deadlines
            deadlines.attempt = .milliseconds(300)
            let client = F.client(for: server, fault: "stall;on=submit", deadlines: deadlines)
            let started = ContinuousClock.now
            let error = await #expect(throws: FALError.self) {
                try await client.submit(
                    FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]))
            }
            guard case .timeout(let timeout) = error else {
                Issue.record("not a timeout: \(String(describing: error))")
                return
            }
            #expect(timeout.scope == .attempt)
            #expect(try await F.faultHits(server, "stall") == F.retry.maxAttempts)
            #expect(ContinuousClock.now - started < .seconds(60), "cut off long before the fake's 600 s stall limit")
        }
    }

    /// FAL queued the job but its answer never came: sent again it would be a second job, billed
    /// too. A caller whose webhook names the submission says not to (`resendUnanswered`); another
    /// has only another attempt to learn whether it was taken.
    @Test(arguments: [false, true])
    func anUnansweredSubmissionIsSentAgainOnlyWhenAsked(resend: Bool) async throws {
        try await F.withFake(latency: 1) { (server: FakeFALServer) async throws -> Void in
            // Long enough for the fake to have queued the job under load; the stall never ends.
            var deadlines = F.deadlines
            deadlines.attempt = .seconds(3)
            let client = F.client(for: server, fault: "stall_after_accept;times=1;on=submit", deadlines: deadlines)
            let submit = {
                try await client.submit(
                    FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]),
                    options: FALSubmitOptions(webhookURL: "http://127.0.0.1:9/hook", resendUnanswered: resend))
            }
            if resend {
                _ = try await submit()
            } else {
                let error = await #expect(throws: FALError.self) { try await submit() }
                #expect(error?.isUnansweredAttempt == true, "\(String(describing: error))")
            }
            #expect(try await F.faultHits(server, "stall_after_accept") == 1)
            // Sent again, a second job (or more, should a retry be slow under load too).
            let submissions = try await F.submissions(server)
            #expect(resend ? submissions >= 2 : submissions == 1, "\(submissions)")
        }
    }

    @Test func cancellingAQueuedRequestAndAnUnknownOne() async throws {
        try await F.withFake(latency: 5) { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let request = try await client.submit(
                FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]))
            #expect(try await client.cancel(request) == .requested)
            let unknown = FALQueueRequest(
                model: FALModel.nanoBananaProEdit, requestId: "no-such-request", queueURL: server.queueURL)
            #expect(try await client.cancel(unknown) == .notFound)
        }
    }
}

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FALQueuePositionTests {
    typealias F = FALFixtures

    @Test func waitingJobsReportTheirPlaceInLineAndMoveUpWhenTheSlotFrees() async throws {
        var options = FakeFALServer.Options()
        options.maxConcurrent = 1
        try await F.withFake(latency: 0.2, options: options) { (server: FakeFALServer) async throws -> Void in
            let blocking = F.client(for: server, fault: "hang")
            let client = F.client(for: server)
            let input = F.headshotInput(["data:image/jpeg;base64,AA=="])
            let first = try await blocking.submit(FALModel.nanoBananaProEdit, input: input)
            // The hanging job takes the only slot once its queue time has passed.
            var state = try await client.status(of: first).state
            for _ in 0..<100 where state != .inProgress {
                try await Task.sleep(for: .milliseconds(50))
                state = try await client.status(of: first).state
            }
            #expect(state == .inProgress)
            let second = try await client.submit(FALModel.nanoBananaProEdit, input: input)
            let third = try await client.submit(FALModel.nanoBananaProEdit, input: input)
            #expect(try await client.status(of: second).queuePosition == 0)
            #expect(try await client.status(of: third).queuePosition == 1)
            #expect(try await client.cancel(first) == .requested)
            // Not an image: the model refuses it, which shows the job ran once the slot was free.
            let error = await #expect(throws: FALError.self) {
                try await client.wait(for: second, as: NanoBananaProOutput.self)
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == 422)
        }
    }

    @Test func aSynchronousRunReturnsTheOutputOnTheSameConnection() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let input = GPTImage15EditInput(prompt: "environmental_portrait", imageURLs: urls, outputFormat: .jpeg)
            let result = try await client.run(FALModel.gptImage15Edit, input: input, as: GPTImage15Output.self)
            #expect(result.output.images.count == 1)
            #expect(try await F.stats(server).runs == [FALModel.gptImage15Edit: 1])
            #expect(
                try await F.submissions(server, model: FALModel.gptImage15Edit) == 0, "a run is not a queue submission")
        }
    }
}
