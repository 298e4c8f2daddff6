import Fluent
import Foundation
import TestSupport
import Testing

@testable import App

/// What a person does meanwhile, and pictures that miss the person: a final made after going
/// back, and the likeness retry on FAL.
extension DesignFALTests {
    /// Going back to the draft while its final is made: the final is kept as a version, but
    /// the design is not finalized at it, and its notes say why.
    @Test func aFinalMadeAfterTheUserWentBackDoesNotFinalize() async throws {
        let fake = try await FALProviderTests.fake(latency: 1.0)
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let created = try await service.send(
                .POST, "/api/designs", token: token, json: ["prompt": "me, smiling", "format": "instagram-post"])
            let id = try #require(try created.decode(Designs.self).designs.first?.id)
            _ = try await DesignStudioTests.settled(service, token, id)
            let finalized = try await service.send(.POST, "/api/designs/\(id)/finalize", token: token)
            #expect(finalized.status == .ok, "\(finalized.text)")
            let reverted = try await service.send(
                .POST, "/api/designs/\(id)/revert", token: token, json: ["version": 1])
            #expect(reverted.status == .ok, "\(reverted.text)")
            let design = try await DesignStudioTests.settled(service, token, id)
            #expect(design.versions.map(\.kind) == ["create", "final"] && design.versions[1].state == "ready")
            #expect(design.currentVersion == 1 && design.finalizedVersion == nil, "\(design)")
            #expect(design.versions[1].notes.contains { $0.contains("not finalized") }, "\(design.versions[1].notes)")
        }
    }

    /// A picture whose face is someone else's is asked of the model once more: the first design
    /// here gets two such pictures and is kept with a warning (no third charge), the second gets
    /// one and its retry passes.
    @Test func aPictureOfSomeoneElseIsAskedAgainOnceThenKeptWithAWarning() async throws {
        let biden = FacePhotos.path("biden-1.jpg")
        let fake = try await FALProviderTests.fake(faults: "other_person;photo=\(biden);model=\(Self.gpt);times=3")
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            var outcomes: [(DesignStudioTests.Body.Version, Version)] = []
            for prompt in ["me, on stage", "me, at my desk"] {
                let created = try await service.send(
                    .POST, "/api/designs", token: token, json: ["prompt": prompt, "format": "instagram-post"])
                let id = try #require(try created.decode(Designs.self).designs.first?.id)
                let design = try await DesignStudioTests.settled(service, token, id)
                let costs = try await service.send(.GET, "/api/designs/\(id)", token: token).decode(Costs.self)
                outcomes.append((try #require(design.versions.first), try #require(costs.versions.first)))
            }
            let (kept, keptCosts) = outcomes[0]
            #expect(kept.state == "ready" && kept.likeness == "off", "\(kept)")
            #expect(kept.warning?.contains("may not look like you") == true, "\(kept.warning ?? "")")
            #expect(keptCosts.notes.contains { $0.contains("did not pass the likeness check") }, "\(keptCosts.notes)")
            let (retried, retriedCosts) = outcomes[1]
            #expect(retried.state == "ready" && retried.warning == nil, "\(retried)")
            #expect(retried.likeness == "strong" || retried.likeness == "acceptable", "\(retried)")
            #expect(retriedCosts.notes.contains { $0.contains("the model was asked once more") })
            // Two requests each, both paid: the model made both pictures.
            let stats = try await FALProviderTests.stats(fake)
            #expect(stats.submissions[Self.gpt] == 4 && stats.faults["other_person"] == 3, "\(stats.submissions)")
            let lines = try await LedgerEntry.query(on: service.app.db).filter(\.$model == Self.gpt).all()
            #expect(lines.count == 4 && lines.allSatisfy { $0.outcome == .succeeded }, "\(lines.map(\.outcome))")
            #expect(keptCosts.costUSD > 0 && abs(keptCosts.costUSD - retriedCosts.costUSD) < 1e-9)
        }
    }
}
