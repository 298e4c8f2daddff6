import FAL
import FakeFAL
import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 15, the FAL path's edge cases on the fake: variations waiting for the first of their
/// group (which asks for all four in one request) and going alone when it is gone, or failing
/// with it when FAL fails that request, and a final whose draft's picture is gone.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), .serialized)
struct DesignFALEdgeTests {
    typealias Designs = DesignStudioTests.Designs
    typealias Costs = DesignFALTests.Costs
    static let gpt = DesignFALTests.gpt

    /// Four variations wait for the first, which asks for all four; if it ends without asking
    /// (here its design is deleted while queued), each of the others goes on its own.
    @Test func variationsWaitForTheFirstAndGoAloneWhenItIsGone() async throws {
        let fake = try await FALProviderTests.fake()
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let worker = service.app.inflio.designs
            await worker.stop()
            let ids = try await Self.fourVariations(service, token)
            let first = try #require(
                try await DesignVersion.query(on: service.app.db).filter(\.$design.$id == ids[0]).first())
            let claim = try #require(try await worker.claim())
            #expect(claim.versionID == first.id, "the first is claimed")
            #expect(try await worker.claim() == nil, "the others wait for it")

            let deleted = try await service.send(.DELETE, "/api/designs/\(ids[0])", token: token)
            #expect(deleted.status == .noContent)
            let alone = try #require(try await worker.claim(), "with the first gone, another may go")
            #expect(
                ids.dropFirst().contains(
                    try #require(try await DesignVersion.find(alone.versionID, on: service.app.db)).$design.id))
            try await DesignVersion.query(on: service.app.db).set(\.$state, to: .queued).set(\.$leaseOwner, to: nil)
                .update()
            try await worker.start()
            var requests: Set<String> = []
            for id in ids.dropFirst() {
                let done = try await DesignStudioTests.settled(service, token, id)
                #expect(done.versions.first?.state == "ready", "\(done.versions)")
                let body = try await service.send(.GET, "/api/designs/\(id)", token: token).decode(Costs.self)
                requests.formUnion(body.versions.compactMap(\.requestId))
            }
            #expect(requests.count == 3, "three requests of one picture each: \(requests)")
            #expect(try await FALProviderTests.stats(fake).submissions[Self.gpt] == 3)
        }
    }

    /// A final makes the draft's own picture again: with that picture gone it fails with a
    /// clear code, unpaid, and the design is not finalized.
    @Test func aFinalWhoseDraftPictureIsGoneFailsAndPaysNothing() async throws {
        let fake = try await FALProviderTests.fake()
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let created = try await service.send(
                .POST, "/api/designs", token: token, json: ["prompt": "me, friendly", "format": "instagram-post"])
            let id = try #require(try created.decode(Designs.self).designs.first?.id)
            #expect(try await DesignStudioTests.settled(service, token, id).versions.first?.state == "ready")
            let submitted = try await FALProviderTests.stats(fake).submissions[Self.gpt]
            let worker = service.app.inflio.designs
            await worker.stop()
            let finalized = try await service.send(.POST, "/api/designs/\(id)/finalize", token: token)
            #expect(finalized.status.code < 300, "\(finalized.text)")
            try await DesignVersion.query(on: service.app.db).filter(\.$design.$id == id).filter(\.$number == 1)
                .set(\.$baseKey, to: nil).set(\.$imageKey, to: nil).update()
            try await worker.start()
            let design = try await DesignStudioTests.settled(service, token, id)
            #expect(design.versions.map(\.state) == ["ready", "failed"], "\(design.versions)")
            let final = try #require(
                try await DesignVersion.query(on: service.app.db).filter(\.$design.$id == id).filter(\.$number == 2)
                    .first())
            #expect(final.errorCode == "draft_picture_missing", "\(final.errorCode ?? "nil")")
            let stored = try #require(try await Design.find(id, on: service.app.db))
            #expect(stored.finalizedVersion == nil, "not finalized")
            #expect(try await FALProviderTests.stats(fake).submissions[Self.gpt] == submitted, "nothing asked")
        }
    }

    /// FAL's schema does not promise as many pictures as asked: with three of four back, the
    /// variation left without one has its line on the shared request marked failed (nothing
    /// billed for it) and asks again alone; the other three keep theirs.
    @Test func aVariationWhosePictureFALDidNotSendAsksAgainAlone() async throws {
        let fake = try await FALProviderTests.fake(faults: "fewer_images;count=3;model=\(Self.gpt);times=1")
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let ids = try await Self.fourVariations(service, token)
            var requests: [String] = []
            for id in ids {
                let done = try await DesignStudioTests.settled(service, token, id)
                let version = try #require(done.versions.first)
                #expect(version.state == "ready" && version.imageUrl != nil, "\(done.versions)")
                let body = try await service.send(.GET, "/api/designs/\(id)", token: token).decode(Costs.self)
                requests.append(try #require(body.versions.first?.requestId))
            }
            // (Not four different pictures here: the fake draws the same prompt alike, so the one
            // asked alone is the first's. GPT Image draws anew each time.)
            #expect(Set(requests).count == 2, "the shared request and one asked alone: \(requests)")
            #expect(try await FALProviderTests.stats(fake).submissions[Self.gpt] == 2)
            let shared = try await LedgerEntry.query(on: service.app.db).filter(\.$requestID == requests[0]).all()
            #expect(shared.count == 4, "a line for each picture asked: \(shared.count)")
            #expect(shared.filter { $0.outcome == .succeeded }.count == 3)
            #expect(shared.filter { $0.outcome == .failed }.count == 1, "the picture that never came")
            let alone = try await LedgerEntry.query(on: service.app.db).filter(\.$model == Self.gpt).all()
                .filter { $0.requestID != requests[0] }
            #expect(alone.count == 1 && alone.first?.outcome == .succeeded, "\(alone.map(\.outcome))")
        }
    }

    /// The first variation's request for all four fails after FAL took it (its job ends in an
    /// error, which FAL does not bill): each variation fails with FAL's word on it, none pays
    /// again, and every line on the request is settled unbilled; none is left pending.
    @Test func aSharedRequestFALFailsEndsEveryVariationUnbilled() async throws {
        let fake = try await FALProviderTests.fake(faults: "completed_error;model=\(Self.gpt);times=1")
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let ids = try await Self.fourVariations(service, token)
            var requests: Set<String> = []
            for id in ids {
                let done = try await DesignStudioTests.settled(service, token, id)
                #expect(done.versions.map(\.state) == ["failed"], "\(done.versions)")
                let version = try #require(
                    try await DesignVersion.query(on: service.app.db).filter(\.$design.$id == id).first())
                #expect(version.errorMessage?.contains("runner_server_error") == true, "\(version.errorMessage ?? "")")
                // FAL answered: the version says so, and fails on its first claim (reading the
                // request again would give the same answer).
                #expect(version.errorCode == "fal_job_failed", "\(version.errorCode ?? "")")
                #expect(version.attempts == 1, "claimed \(version.attempts) times")
                requests.formUnion([version.requestID].compactMap { $0 })
            }
            #expect(requests.count == 1, "one request for the four: \(requests)")
            #expect(try await FALProviderTests.stats(fake).submissions[Self.gpt] == 1, "not asked again")
            let lines = try await LedgerEntry.query(on: service.app.db).filter(\.$model == Self.gpt).all()
            #expect(lines.count == 4 && Set(lines.compactMap(\.requestID)) == requests, "\(lines.count) lines")
            #expect(lines.allSatisfy { $0.outcome == .failed }, "\(lines.map(\.outcome))")
        }
    }

    /// Four Instagram variations of "me, friendly", asked for at once: their designs' ids.
    static func fourVariations(_ service: TestService, _ token: String) async throws -> [UUID] {
        let created = try await service.send(
            .POST, "/api/designs", token: token,
            json: AnyEncodable(
                DesignStudio.CreateInput(prompt: "me, friendly", format: "instagram-post", variations: 4)))
        let ids = try created.decode(Designs.self).designs.map(\.id)
        #expect(ids.count == 4, "\(created.text)")
        return ids
    }
}
