import FAL
import FakeFAL
import Foundation
import PersonaKit
import TestSupport
import Testing

/// Waiting on a paid request: a read that fails is never a reason to abandon it (fal-js treats
/// status reads as read-only and retries them), and what happens at the job's deadline depends
/// on whether FAL could still stop the request.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FALWaitingTests {
    typealias F = FALFixtures

    /// Longer than any per-call retry budget (four attempts, 50–200 ms apart here): three
    /// seconds without a connection, then six 500s. The same request finishes, paid once.
    @Test func aStatusOutageLongerThanTheRetryBudgetFinishesTheSameRequest() async throws {
        try await F.withFake(latency: 1) { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "network_gap;seconds=3,status_500;times=6")
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let request = try await client.submit(FALModel.nanoBananaProEdit, input: F.headshotInput(urls))
            let result = try await client.wait(for: request, as: NanoBananaProOutput.self)
            #expect(result.requestId == request.requestId)
            #expect(result.output.images.count == 1)
            let stats = try await F.stats(server)
            #expect(stats.faults["network_gap"] ?? 0 >= 1, "the gap was hit: \(stats.faults)")
            #expect(stats.faults["500"] == 6, "then six 500s answered status polls")
            #expect(stats.submissions[FALModel.nanoBananaProEdit] == 1, "one submission")
            #expect(stats.charged[FALModel.nanoBananaProEdit] == 1, "one charge")
            #expect(stats.cancellations == 0, "a failed read never cancels the paid job")
        }
    }

    /// A result FAL marks `X-Fal-Retryable: true` says submitting again may work; it is not a
    /// reason to fetch the same stored failure again.
    @Test func aFailureMarkedRetryableIsFetchedOnce() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "retryable_error")
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let error = await #expect(throws: FALError.self) {
                try await client.subscribe(
                    FALModel.nanoBananaProEdit, input: F.headshotInput(urls), as: NanoBananaProOutput.self)
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == 500 && api.retryableHeader == true)
            let stats = try await F.stats(server)
            #expect(stats.resultsFetched == 1, "the failure was read once, not \(stats.resultsFetched) times")
            #expect(stats.submissions[FALModel.nanoBananaProEdit] == 1)
            #expect(stats.charged[FALModel.nanoBananaProEdit] == nil, "a failed job is not billed")
        }
    }

    /// At the deadline a running request is left alone: a cancel would not stop it (FAL lets it
    /// finish and bills it), and a retry can still collect it.
    /// The render takes 30 s so that it is surely still running when the 1 s wait gives up: with
    /// 6 s, a loaded CI machine once took longer than that to see it start and begin waiting, and
    /// the wait found it finished.
    @Test func aRunningRequestPastTheDeadlineIsNotCancelled() async throws {
        try await F.withFake(latency: 30) { (server: FakeFALServer) async throws -> Void in
            var deadlines = F.deadlines
            deadlines.job = .seconds(1)
            let client = F.client(for: server, deadlines: deadlines)
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let request = try await client.submit(FALModel.nanoBananaProEdit, input: F.headshotInput(urls))
            var state = try await client.status(of: request).state
            for _ in 0..<200 where state != .inProgress {
                try await Task.sleep(for: .milliseconds(50))
                state = try await client.status(of: request).state
            }
            #expect(state == .inProgress)
            let error = await #expect(throws: FALError.self) {
                try await client.wait(for: request, as: NanoBananaProOutput.self)
            }
            guard case .timeout(let timeout) = error else {
                Issue.record("not a timeout: \(String(describing: error))")
                return
            }
            #expect(timeout.scope == .job)
            #expect(try await F.stats(server).cancellations == 0, "nothing a cancel could save")
            // Asked again later (with time to spare), the same request has its image: nothing paid twice.
            let again = try await F.client(for: server).wait(for: request, as: NanoBananaProOutput.self)
            #expect(again.output.images.count == 1)
            let stats = try await F.stats(server)
            #expect(stats.submissions[FALModel.nanoBananaProEdit] == 1)
            #expect(stats.charged[FALModel.nanoBananaProEdit] == 1)
        }
    }

    /// A request still in line at the deadline has not cost anything: it is cancelled.
    @Test func aQueuedRequestPastTheDeadlineIsCancelledUncharged() async throws {
        var options = FakeFALServer.Options()
        options.maxConcurrent = 1
        try await F.withFake(latency: 0.2, options: options) { (server: FakeFALServer) async throws -> Void in
            var deadlines = F.deadlines
            deadlines.job = .milliseconds(1500)
            let blocking = F.client(for: server, fault: "hang")
            let client = F.client(for: server, deadlines: deadlines)
            let input = F.headshotInput(["data:image/jpeg;base64,AA=="])
            let blocker = try await blocking.submit(FALModel.nanoBananaProEdit, input: input)
            var state = try await client.status(of: blocker).state
            for _ in 0..<100 where state != .inProgress {
                try await Task.sleep(for: .milliseconds(50))
                state = try await client.status(of: blocker).state
            }
            let waiting = try await client.submit(FALModel.nanoBananaProEdit, input: input)
            let error = await #expect(throws: FALError.self) {
                try await client.wait(for: waiting, as: NanoBananaProOutput.self)
            }
            guard case .timeout(let timeout) = error, timeout.scope == .job else {
                Issue.record("not a job timeout: \(String(describing: error))")
                return
            }
            _ = try await client.cancel(blocker)
            let stats = try await F.stats(server)
            let record = try #require(stats.requests.first { $0.requestId == waiting.requestId })
            #expect(record.cancelRequested && !record.charged, "cancelled while queued: \(record)")
        }
    }
}
