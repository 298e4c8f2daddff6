import FAL
import FakeFAL
import Foundation
import NIOCore
import TestSupport
import Testing
import Vapor

/// A design's submission cut off in the worst moment: FAL took it, but the server was killed
/// before FAL's answer (the request's id) arrived, so nothing was stored but the note that a paid
/// call began. The restarted server must not pay again: the version waits, and FAL's webhook,
/// whose URL names the version, claims the submission when its picture is done.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), .serialized)
struct DesignRestartTests {
    static let gpt = FALModel.gptImage15Edit

    struct Usage: Decodable {
        struct Line: Decodable {
            let model: String
            let requestId: String?
            let outcome: String
        }
        let entries: [Line]
    }

    /// One design, or four variations sharing one request for four pictures: after the restart,
    /// every variation gets its own picture of the claimed request, each with its ledger line.
    /// Or, with no restart, the first variation's design deleted while FAL has its request and we
    /// do not know it: FAL's webhook, naming the deleted one, stores the request on the others,
    /// which take their pictures of it; nothing is asked again, and all four pictures are charged.
    /// The deleted one's own submission, unanswered past its attempt's deadline (4 s, before the
    /// picture's 6 s), is not sent again either.
    @Test(arguments: [(1, false), (4, false), (4, true)])
    func killedBeforeFALAnsweredADesignClaimsItByWebhook(variations: Int, deleteFirst: Bool) async throws {
        // Only GPT Image's first submission stalls: the persona's portraits go through as usual.
        // The webhook is tried eight times over about 50 s, long enough for a restart. The model
        // is slower when the first is deleted: the deletion must come before FAL's webhook.
        let latency = deleteFirst ? 6.0 : 2.0
        var options = FakeFALServer.Options(latency: latency, webhookAttempts: 8)
        options.faults = FakeFALFault.parse("stall_after_accept;model=\(Self.gpt);times=1;on=submit")
        let (fake, _) = try await FakeFALServer.start(
            latency: latency, options: options, analyzer: TestService.analyzer)
        let directory = try RestartTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try RestartTests.webhookServer(
            on: fake, directory: directory,
            environment: deleteFirst ? ["FAL_ATTEMPT_TIMEOUT_SECONDS": "4"] : [:])
        defer { server.kill() }
        let client = HTTPClient.shared
        func stats() async throws -> FakeStats {
            try TypedJSON.decode(FakeStats.self, from: try await fake.statsJSON())
        }

        let (token, ids) = try await Self.designs(variations, on: server, client)
        try await waitFor("GPT Image to take the submission") { try await stats().submissions[Self.gpt] == 1 }
        if deleteFirst {
            let deleted = try await server.send(client, .DELETE, "/api/designs/\(ids[0])", token: token)
            #expect(deleted.status == .noContent, "\(deleted.status)")
        } else {
            server.kill()
            try await server.start()
        }
        var pictures: Set<[UInt8]> = []
        for id in deleteFirst ? Array(ids.dropFirst()) : ids {
            let states = try await Self.settledStates(of: id, on: server, client, token: token)
            #expect(states == ["ready"], "\(states)")
            let design = try await server.decode(
                DesignStudioTests.Body.self, client, .GET, "/api/designs/\(id)", token: token)
            let url = try #require(design.versions.first?.imageUrl)
            let image = try await server.send(client, .GET, url, token: token)
            pictures.insert(image.body.map { Array($0.readableBytesView) } ?? [])
        }
        #expect(pictures.count == (deleteFirst ? variations - 1 : variations), "each its own picture")
        let after = try await stats()
        #expect(after.submissions[Self.gpt] == 1, "claimed, not submitted again: \(after.submissions)")
        let lines = try await server.decode(Usage.self, client, .GET, "/api/usage", token: token).entries
            .filter { $0.model == Self.gpt }
        #expect(
            lines.count == variations && Set(lines.compactMap(\.requestId)).count == 1
                && lines.allSatisfy { $0.outcome == "succeeded" },
            "a line per picture of the claimed request (the deleted one's too): \(lines)")
        await fake.stop()
    }

    /// Signs up, makes a persona, waits until it is ready and asks for a design in `variations`
    /// variations: the user's token and the designs' ids.
    static func designs(_ variations: Int, on server: ServerProcess, _ client: HTTPClient) async throws -> (
        token: String, ids: [UUID]
    ) {
        let (token, personaID) = try await RestartTests().createPersona(server, client)
        try await waitFor("the persona to be ready", seconds: 240) {
            let detail = try? await server.decode(
                PersonaDetail.self, client, .GET, "/api/personas/\(personaID)", token: token)
            return detail?.persona.status == "ready"
        }
        let created = try await server.send(
            client, .POST, "/api/designs", token: token,
            body: ByteBuffer(
                string: #"{"prompt":"me, friendly","format":"instagram-post","variations":\#(variations)}"#),
            contentType: .json)
        #expect(created.status == .accepted, "\(created.status)")
        let ids = try TypedJSON.decode(
            DesignStudioTests.Designs.self, from: created.body.map { Array($0.readableBytesView) } ?? []
        ).designs.map(\.id)
        #expect(ids.count == variations)
        return (token, ids)
    }

    /// The states of a design's versions once it is no longer working.
    static func settledStates(of id: UUID, on server: ServerProcess, _ client: HTTPClient, token: String)
        async throws -> [String]
    {
        var states: [String] = []
        try await waitFor("the design to be settled", seconds: 240) {
            let design = try? await server.decode(
                DesignStudioTests.Body.self, client, .GET, "/api/designs/\(id)", token: token)
            states = design?.versions.map(\.state) ?? []
            return design.map { $0.state != "working" } ?? false
        }
        return states
    }
}
