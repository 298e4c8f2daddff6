import FAL
import FakeFAL
import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 15: the content-policy fallback from GPT Image 1.5 to Nano Banana Pro on the fake FAL,
/// for one design and for four variations sharing one request, and both models refusing.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), .serialized)
struct DesignRefusalTests {
    typealias Designs = DesignStudioTests.Designs
    typealias Costs = DesignFALTests.Costs
    static let gpt = DesignFALTests.gpt
    static let nano = DesignFALTests.nano

    /// GPT Image refuses the edit of a real person under its content policy: the picture is made
    /// by Nano Banana Pro instead, the reason recorded, the refused request not charged. Four
    /// variations sharing a request refused when it ran each fall back on their own (four Nano
    /// requests); one refused at submission falls back as one Nano request for all four.
    @Test(arguments: [(1, false), (4, false), (4, true)])
    func aContentPolicyRefusalFallsBackToNanoBananaPro(variations: Int, atSubmit: Bool) async throws {
        let fault = atSubmit ? "content_policy_at_submit" : "content_policy"
        let fake = try await FALProviderTests.fake(faults: "\(fault);model=\(Self.gpt);times=1")
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let portraits = try await FALProviderTests.stats(fake).submissions[Self.nano] ?? 0
            let created = try await service.send(
                .POST, "/api/designs", token: token,
                json: AnyEncodable(
                    DesignStudio.CreateInput(prompt: "me on stage", format: "x-post", variations: variations)))
            let ids = try created.decode(Designs.self).designs.map(\.id)
            #expect(ids.count == variations, "\(created.text)")
            var refused: Set<String> = []
            var made: Set<String> = []
            for id in ids {
                let design = try await DesignStudioTests.settled(service, token, id)
                let version = try #require(design.versions.first)
                #expect(version.state == "ready", "\(version)")
                let picture = try await DesignStudioTests.image(service, token, try #require(version.imageUrl))
                #expect(picture.width == 1600 && picture.height == 900)
                let body = try await service.send(.GET, "/api/designs/\(id)", token: token).decode(Costs.self)
                let shown = try #require(body.versions.first)
                #expect(shown.model == Self.nano, "\(shown)")
                #expect(shown.fallbackReason?.contains("content_policy_violation") == true, "\(shown)")
                #expect(shown.notes.contains { $0.contains("Nano Banana Pro instead") }, "\(shown.notes)")
                let versionID = try #require(
                    try await DesignVersion.query(on: service.app.db).filter(\.$design.$id == id).first()?.id)
                let charges = try await LedgerEntry.query(on: service.app.db).filter(\.$jobID == versionID).all()
                // A submission refused at once has no request, so no line.
                let expected = (atSubmit ? [] : ["\(Self.gpt) failed"]) + ["\(Self.nano) succeeded"]
                #expect(
                    charges.map { "\($0.model) \($0.outcome.rawValue)" }.sorted() == expected,
                    "\(charges.map(\.model))")
                refused.formUnion(charges.filter { $0.model == Self.gpt }.compactMap(\.requestID))
                made.formUnion(charges.filter { $0.model == Self.nano }.compactMap(\.requestID))
            }
            let stats = try await FALProviderTests.stats(fake)
            #expect(stats.faults[fault] == 1, "\(stats.faults)")
            #expect(refused.count == (atSubmit ? 0 : 1), "one refused request for all: \(refused)")
            #expect(stats.submissions[Self.gpt] ?? 0 == (atSubmit ? 0 : 1), "\(stats.submissions)")
            // Refused when it ran: each variation falls back alone; at once: the first asks for all.
            let fallbacks = atSubmit ? 1 : variations
            #expect(made.count == fallbacks, "\(made)")
            #expect(stats.submissions[Self.nano] == portraits + fallbacks, "\(stats.submissions)")
        }
    }

    /// Both models refuse: the version fails with `content_policy`, neither refusal billed.
    @Test func whenBothModelsRefuseTheVersionFailsWithContentPolicy() async throws {
        // The persona is made on a fake without faults; its designs on one whose models refuse.
        let kind = try await FALProviderTests.fake()
        let first = try await FALProviderTests.service(for: kind)
        let token = try await DesignStudioTests.account(first)
        await first.app.server.shutdown()
        try await first.app.asyncShutdown()
        await kind.stop()
        let strict = try await FALProviderTests.fake(
            faults: "content_policy;model=\(Self.gpt),content_policy;model=\(Self.nano)")
        let restarted = try await DesignFALTests.service(for: strict) { config in
            config.dataDirectory = first.config.dataDirectory
            config.databaseURL = first.config.databaseURL
        }
        try await DesignFALTests.with(restarted, on: strict) { second in
            let created = try await second.send(
                .POST, "/api/designs", token: token, json: ["prompt": "me on stage", "format": "x-post"])
            let id = try #require(try created.decode(Designs.self).designs.first?.id)
            let design = try await DesignStudioTests.settled(second, token, id)
            #expect(design.state == "failed" && design.versions.first?.state == "failed", "\(design.versions)")
            let version = try #require(
                try await DesignVersion.query(on: second.app.db).filter(\.$design.$id == id).first())
            #expect(version.errorCode == "content_policy", "\(version.errorCode ?? "nil")")
            let lines = try await LedgerEntry.query(on: second.app.db).filter(\.$jobID == version.id!).all()
            #expect(
                lines.map { "\($0.model) \($0.outcome.rawValue)" }.sorted()
                    == ["\(Self.gpt) failed", "\(Self.nano) failed"], "\(lines.map(\.model))")
        }
    }
}
