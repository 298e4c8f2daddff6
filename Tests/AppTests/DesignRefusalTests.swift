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
    /// variations share the refused request: each falls back on its own, with its own line.
    @Test(arguments: [1, 4])
    func aContentPolicyRefusalFallsBackToNanoBananaPro(variations: Int) async throws {
        let fake = try await FALProviderTests.fake(faults: "content_policy;model=\(Self.gpt);times=1")
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let created = try await service.send(
                .POST, "/api/designs", token: token,
                json: AnyEncodable(
                    DesignStudio.CreateInput(prompt: "me on stage", format: "x-post", variations: variations)))
            let ids = try created.decode(Designs.self).designs.map(\.id)
            #expect(ids.count == variations, "\(created.text)")
            var refused: Set<String> = []
            for id in ids {
                let design = try await DesignStudioTests.settled(service, token, id)
                let version = try #require(design.versions.first)
                #expect(version.state == "ready", "\(version)")
                let picture = try await DesignStudioTests.image(service, token, try #require(version.imageUrl))
                #expect(picture.width == 1600 && picture.height == 900)
                let body = try await service.send(.GET, "/api/designs/\(id)", token: token).decode(Costs.self)
                let made = try #require(body.versions.first)
                #expect(made.model == Self.nano, "\(made)")
                #expect(made.fallbackReason?.contains("content_policy_violation") == true, "\(made)")
                #expect(made.notes.contains { $0.contains("Nano Banana Pro instead") }, "\(made.notes)")
                let versionID = try #require(
                    try await DesignVersion.query(on: service.app.db).filter(\.$design.$id == id).first()?.id)
                let charges = try await LedgerEntry.query(on: service.app.db).filter(\.$jobID == versionID).all()
                #expect(
                    charges.map { "\($0.model) \($0.outcome.rawValue)" }.sorted()
                        == ["\(Self.gpt) failed", "\(Self.nano) succeeded"], "\(charges.map(\.model))")
                refused.formUnion(charges.filter { $0.model == Self.gpt }.compactMap(\.requestID))
            }
            #expect(refused.count == 1, "one refused request for all: \(refused)")
            let stats = try await FALProviderTests.stats(fake)
            #expect(stats.faults["content_policy"] == 1)
            #expect(stats.submissions[Self.gpt] == 1 && stats.submissions[Self.nano] ?? 0 >= variations)
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
