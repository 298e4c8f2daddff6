import FAL
import FakeFAL
import Foundation
import NIOCore
import TestSupport
import Testing
import Vapor

/// FAL takes a submission but its answer never comes, and the server lives on: the attempt's
/// deadline (4 s here) passes before the job is done (8 s). Sent again, it would be a second
/// job, billed too; instead the portrait or design waits for FAL's webhook, which names it, and
/// takes the request it names. A deleted design's unanswered submission is not sent again
/// either (`DesignRestartTests`, deleteFirst).
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), .serialized)
struct UnansweredSubmissionTests {
    struct Usage: Decodable {
        struct Line: Decodable {
            let model: String
            let outcome: String
        }
        let entries: [Line]
    }

    /// A fake whose submissions matching `fault` stall after being queued, and a server on it
    /// with webhooks and a 4 s attempt deadline, logging its info lines to `log`.
    final class Setup: Sendable {
        let fake: FakeFALServer
        let server: ServerProcess
        let directory: String
        let log: String

        init(fault: String) async throws {
            let latency = 8.0
            var options = FakeFALServer.Options(latency: latency, webhookAttempts: 8)
            options.faults = FakeFALFault.parse(fault)
            (fake, _) = try await FakeFALServer.start(
                latency: latency, options: options, analyzer: TestService.analyzer)
            directory = try RestartTests.temporaryDirectory()
            log = directory + "/server.log"
            // Info lines in the log: they say each submission went unanswered and waited.
            server = try RestartTests.webhookServer(
                on: fake, directory: directory, environment: ["FAL_ATTEMPT_TIMEOUT_SECONDS": "4", "LOG_LEVEL": "info"],
                log: log)
        }

        func submissions(_ model: String) async throws -> Int? {
            try TypedJSON.decode(FakeStats.self, from: try await fake.statsJSON()).submissions[model]
        }

        /// The log's lines that contain every one of `texts`.
        func lines(with texts: [String]) -> Int {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { line in texts.allSatisfy { line.contains($0) } }.count
        }

        func end() async {
            server.kill()
            await fake.stop()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func fivePortraitsAreClaimedByTheirWebhooksNotSentAgain() async throws {
        let setup = try await Setup(fault: "stall_after_accept;times=5;on=submit")
        let (server, client) = (setup.server, HTTPClient.shared)
        defer { server.kill() }
        let (token, id) = try await RestartTests().createPersona(server, client)
        #expect(try await RestartTests.settledStatus(server, client, token, id) == "ready")
        let submissions = try await setup.submissions(FALModel.nanoBananaProEdit)
        #expect(submissions == 5, "paid for five portraits, not more: \(String(describing: submissions))")
        let lines = try await server.decode(Usage.self, client, .GET, "/api/usage", token: token).entries
        #expect(lines.count == 5 && lines.allSatisfy { $0.outcome == "succeeded" }, "\(lines)")
        // At least the five stalled ones (a slow answer under load may add one, claimed the same way).
        let waited = setup.lines(with: ["portrait job", "; waiting for its webhook"])
        #expect(waited >= 5, "each stalled portrait's submission went unanswered and waited: \(waited)")
        await setup.end()
    }

    @Test func fourVariationsAreClaimedByTheirWebhookNotSentAgain() async throws {
        let gpt = FALModel.gptImage15Edit
        let setup = try await Setup(fault: "stall_after_accept;model=\(gpt);times=1;on=submit")
        let (server, client) = (setup.server, HTTPClient.shared)
        defer { server.kill() }
        let (token, ids) = try await DesignRestartTests.designs(4, on: server, client)
        for id in ids {
            let states = try await DesignRestartTests.settledStates(of: id, on: server, client, token: token)
            #expect(states == ["ready"], "\(states)")
        }
        let submissions = try await setup.submissions(gpt)
        #expect(submissions == 1, "one request for four pictures, not sent again: \(String(describing: submissions))")
        let lines = try await server.decode(Usage.self, client, .GET, "/api/usage", token: token).entries
            .filter { $0.model == gpt }
        #expect(lines.count == 4 && lines.allSatisfy { $0.outcome == "succeeded" }, "\(lines)")
        #expect(setup.lines(with: ["design version", "; waiting for its webhook"]) >= 1)
        await setup.end()
    }
}
