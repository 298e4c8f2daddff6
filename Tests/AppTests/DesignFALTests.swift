import FAL
import FakeFAL
import Fluent
import Foundation
import Imaging
import PersonaKit
import Providers
import TestSupport
import Testing
import Vapor

@testable import App

/// Issue 15, the FAL half: designs made by `fal-ai/gpt-image-1.5/edit` on the protocol-faithful
/// fake (whose model draws with the layout renderer), as durable queue jobs: progress relayed in
/// order, refinements from the previous picture, four variations as one request, and a restart
/// mid-refinement that resumes the stored request, paying once (the content-policy fallback is in
/// DesignRefusalTests).
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"), .serialized)
struct DesignFALTests {
    typealias Body = DesignStudioTests.Body
    typealias Designs = DesignStudioTests.Designs

    struct Version: Decodable {
        let number: Int
        let provider: String
        let model: String?
        let quality: String?
        let fallbackReason: String?
        let requestId: String?
        let costUSD: Double
        let effectivePrompt: String
        let notes: [String]
    }

    struct Costs: Decodable {
        let versions: [Version]
    }

    static let gpt = FALModel.gptImage15Edit
    static let nano = FALModel.nanoBananaProEdit

    /// The `design.*` events of the persona's stream, oldest first, as (type, stage).
    static func events(_ service: TestService, persona: UUID) async throws -> [(String, String?)] {
        try await PersonaEventRecord.query(on: service.app.db).filter(\.$persona.$id == persona).sort(\.$id).all()
            .filter { $0.type.hasPrefix("design.") }
            .map { record in
                let data = try JSONSerialization.jsonObject(with: Data(record.data.utf8)) as? [String: Any]
                return (record.type, data?["stage"] as? String)
            }
    }

    /// A service on `fake` (as `FALProviderTests.service`), configured further by `configure`.
    static func service(for fake: FakeFALServer, configure: @escaping (inout ServiceConfig) -> Void) async throws
        -> TestService
    {
        var environment = Dictionary(uniqueKeysWithValues: fake.environment)
        environment["FAL_POLL_INTERVAL_SECONDS"] = "0.2"
        environment["FAL_RETRY_BASE_SECONDS"] = "0.05"
        return try await TestService.start { config in
            config.provider = "fal"
            config.environment = environment
            configure(&config)
        }
    }

    /// Runs `body` with `service` (on `fake`); both are stopped after, also when it throws.
    static func with(_ service: TestService, on fake: FakeFALServer, _ body: (TestService) async throws -> Void)
        async throws
    {
        do {
            try await body(service)
        } catch {
            await service.stop()
            await fake.stop()
            throw error
        }
        await service.stop()
        await fake.stop()
    }

    @Test func aThumbnailIsMadeOnFALRefinedFromItsPreviousPictureAndVaried() async throws {
        let fake = try await FALProviderTests.fake(latency: 1.0)
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let portraitsBefore = try await FALProviderTests.stats(fake).submissions[Self.nano] ?? 0
            let created = try await service.send(
                .POST, "/api/designs", token: token,
                json: ["prompt": DesignStudioTests.prompt, "format": "youtube-thumbnail"])
            #expect(created.status == .accepted, "\(created.text)")
            let id = try #require(try created.decode(Designs.self).designs.first?.id)
            var design = try await DesignStudioTests.settled(service, token, id)
            let first = try #require(design.versions.first)
            #expect(first.state == "ready", "\(first)")
            // The model drew no words; the title was set here, exactly, readably.
            #expect(first.textCheck == "drawn" && first.title?.text == "Bitcoin in 2027")
            #expect((first.title?.contrast ?? 0) >= 4.5)
            #expect(first.likeness == "strong" || first.likeness == "acceptable", "\(first)")
            let picture = try await DesignStudioTests.image(service, token, try #require(first.imageUrl))
            #expect(picture.width == 1280 && picture.height == 720)
            var costs = try await service.send(.GET, "/api/designs/\(id)", token: token).decode(Costs.self)
            let v1 = try #require(costs.versions.first)
            #expect(v1.provider == "fal" && v1.model == Self.gpt && v1.quality == "medium", "\(v1)")
            #expect(v1.requestId != nil && v1.costUSD > 0 && v1.fallbackReason == nil)
            #expect(v1.effectivePrompt.contains("(1280x720)") && !v1.effectivePrompt.contains("Bitcoin in 2027"))
            // The model's identity references: a reference photo, then up to three of the
            // persona's verified portraits, the one of the design's scenario first (when verified).
            let scenario = PortraitScenario.all[first.inputs.scenario].id
            let portraits = first.inputs.portraits
            #expect((1...3).contains(portraits.count) && first.inputs.references.count + portraits.count == 4)
            #expect(!portraits.contains(scenario) || portraits.first == scenario, "\(first.inputs)")
            let v1Images = try await FALProviderTests.stats(fake).requests.first { $0.requestId == v1.requestId }?
                .imageURLs
            #expect(v1Images?.count == 4, "\(v1Images ?? [])")

            // Progress relayed in order: submitted, then the queue's own states, then the check.
            let events = try await Self.events(service, persona: design.personaId)
            #expect(events.first?.0 == "design.queued" && events.last?.0 == "design.version_ready", "\(events)")
            let order = ["submitting", "in_queue", "generating", "downloading", "checking likeness"]
            let stages = events.compactMap { $0.1 }.compactMap { order.firstIndex(of: $0) }
            #expect(stages == stages.sorted() && stages.first == 0 && stages.last == 4, "\(events)")
            #expect(stages.contains(2), "the queue's IN_PROGRESS reached the stream: \(events)")

            // Refined twice, the second in words the offline studio does not know: each from the
            // previous picture (sent last) and the references, the instructions accumulating.
            for instruction in ["more dramatic lighting", "add a subtle neon glow behind me"] {
                let refined = try await service.send(
                    .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": instruction])
                #expect(refined.status == .accepted, "\(refined.text)")
                design = try await DesignStudioTests.settled(service, token, id)
            }
            #expect(design.versions.map(\.state) == ["ready", "ready", "ready"], "\(design.versions)")
            #expect(design.versions.map(\.inputs.previousVersion) == [nil, 1, 2])
            costs = try await service.send(.GET, "/api/designs/\(id)", token: token).decode(Costs.self)
            let third = costs.versions[2]
            #expect(
                third.effectivePrompt.contains(
                    "Changes asked, oldest first: more dramatic lighting; add a subtle neon glow behind me."))
            #expect(third.effectivePrompt.contains("The last image is the previous version"))
            // "Subtle" is not read as softer light: the model reads the light from the words.
            #expect(!third.notes.contains { $0.contains("softer light") }, "\(third.notes)")
            #expect(third.effectivePrompt.contains("Light and grade: dramatic.\n"), "\(third.effectivePrompt)")
            let stats = try await FALProviderTests.stats(fake)
            #expect(stats.submissions[Self.gpt] == 3, "\(stats.submissions)")
            let imageCounts = costs.versions.compactMap { version in
                stats.requests.first { $0.requestId == version.requestId }?.imageURLs.count
            }
            #expect(
                imageCounts.count == 3 && imageCounts[1] == imageCounts[0] + 1 && imageCounts[2] == imageCounts[1],
                "\(imageCounts)")
            // One charge per version in the ledger, each the request the version names, delivered.
            let lines = try await LedgerEntry.query(on: service.app.db).filter(\.$model == Self.gpt).all()
            #expect(lines.count == 3 && lines.allSatisfy { $0.outcome == .succeeded })
            #expect(Set(lines.compactMap(\.requestID)) == Set(costs.versions.compactMap(\.requestId)))

            // Finalizing a draft makes it once more at high quality, as a `final` version.
            let finalized = try await service.send(.POST, "/api/designs/\(id)/finalize", token: token)
            #expect(finalized.status == .ok, "\(finalized.text)")
            design = try await DesignStudioTests.settled(service, token, id)
            #expect(design.finalizedVersion == 4 && design.versions.map(\.kind).last == "final", "\(design.versions)")
            #expect(design.versions.last?.state == "ready" && design.versions.last?.inputs.previousVersion == 3)
            costs = try await service.send(.GET, "/api/designs/\(id)", token: token).decode(Costs.self)
            #expect(costs.versions.last?.quality == "high" && (costs.versions.last?.costUSD ?? 0) > third.costUSD)
            let download = try await service.send(
                .GET, "/api/designs/\(id)/versions/4/download?format=jpeg", token: token)
            #expect(download.status == .ok)
            #expect(try EditableImage(bytes: download.bytes).width == 1280)
            #expect(ProvenanceMark.sourceType(in: download.bytes) == .compositeWithTrainedAlgorithmicMedia)

            // Four variations for Instagram: one request for four pictures (`num_images`), four
            // charges (a line on each variation's version), each its own picture at the format's size.
            let four = try await service.send(
                .POST, "/api/designs", token: token,
                json: AnyEncodable(
                    DesignStudioTests.Create(
                        prompt: "friendly tips for new creators", format: "instagram-post", title: "5 tips",
                        variations: 4)))
            #expect(four.status == .accepted, "\(four.text)")
            var pictures: [[UInt8]] = []
            var requests: Set<String> = []
            for variation in try four.decode(Designs.self).designs {
                let done = try await DesignStudioTests.settled(service, token, variation.id)
                let version = try #require(done.versions.first)
                #expect(version.state == "ready" && version.title?.text == "5 tips", "\(version)")
                let image = try await DesignStudioTests.image(service, token, try #require(version.imageUrl))
                #expect(image.width == 1080 && image.height == 1080)
                pictures.append(try image.rgb().pixels)
                let cost = try await service.send(.GET, "/api/designs/\(variation.id)", token: token).decode(Costs.self)
                requests.formUnion(cost.versions.compactMap(\.requestId))
            }
            #expect(requests.count == 1, "one request for the four: \(requests)")
            let gptSubmissions = try await FALProviderTests.stats(fake).submissions[Self.gpt]
            #expect(gptSubmissions == 5, "three drafts, the final, one for four: \(String(describing: gptSubmissions))")
            #expect(Set(pictures.map { $0.hashValue }).count == 4, "four different pictures")
            let shared = try await LedgerEntry.query(on: service.app.db).filter(\.$requestID == requests.first!).all()
            #expect(shared.count == 4 && Set(shared.map(\.jobID)).count == 4, "a line for each variation")
            #expect(shared.allSatisfy { $0.units == 1 && $0.outcome == .succeeded })
            #expect(try await LedgerEntry.query(on: service.app.db).filter(\.$model == Self.gpt).count() == 8)
            #expect(try await FALProviderTests.stats(fake).submissions[Self.nano] ?? 0 == portraitsBefore)
        }
    }

    /// INFLIO_DESIGN_PREVIEW=stream: beside the queue job, the stream's partial images reach the
    /// persona stream (and are served) before the picture, and the stream's charge is recorded.
    @Test func partialImagesFromThePreviewStreamArriveBeforeThePicture() async throws {
        // The fake streams its partial once its render is drawn, and completes the queue job at its
        // latency: a latency well past a render on a loaded machine (CI: parallel suites, a debug
        // build) puts the partial first every time.
        let fake = try await FALProviderTests.fake(latency: 20)
        let started = try await Self.service(for: fake) { $0.designPreviewStream = true }
        try await Self.with(started, on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let created = try await service.send(
                .POST, "/api/designs", token: token, json: ["prompt": "me, thoughtful", "format": "linkedin"])
            let id = try #require(try created.decode(Designs.self).designs.first?.id)
            let personaID = try #require(try created.decode(Designs.self).designs.first?.personaId)
            // While the version is made, its partial image is served.
            var served = false
            for _ in 0..<600 where !served {
                let events = try await Self.events(service, persona: personaID)
                if events.contains(where: { $0.0 == "design.partial_image" }),
                    !events.contains(where: { $0.0 == "design.version_ready" })
                {
                    let partial = try await service.send(.GET, "/api/designs/\(id)/versions/1/partial", token: token)
                    #expect(partial.status == .ok)
                    // Cut to the format's shape (LinkedIn, 1200×627), as the picture will be.
                    let preview = try EditableImage(bytes: partial.bytes)
                    let ratio: Double = Double(preview.width) / Double(preview.height)
                    let wanted: Double = 1200.0 / 627.0
                    #expect(abs(ratio - wanted) < 0.02, "\(preview.width)×\(preview.height)")
                    served = true
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(served, "a partial image was served while the version was made")
            let design = try await DesignStudioTests.settled(service, token, id)
            #expect(design.versions.first?.state == "ready")
            let types = try await Self.events(service, persona: personaID).map(\.0)
            let partial = try #require(types.firstIndex(of: "design.partial_image"))
            #expect(partial < (types.firstIndex(of: "design.version_ready") ?? -1), "\(types)")
            let gone = try await service.send(.GET, "/api/designs/\(id)/versions/1/partial", token: token)
            #expect(gone.status == .notFound)
            // A first picture whose face fails the likeness check is asked again, with its own
            // stream (CI once saw SFace call the fake's first picture weak, at dlib's 0.42):
            // each submission has one stream and is charged a preview and a picture.
            let retried = design.versions.first?.notes.contains { $0.contains("the model was asked once more") } == true
            let submissions = retried ? 2 : 1
            let stats = try await FALProviderTests.stats(fake)
            #expect(
                stats.streams[Self.gpt] == submissions && stats.submissions[Self.gpt] == submissions,
                "\(design.versions)")
            let lines = try await LedgerEntry.query(on: service.app.db).filter(\.$model == Self.gpt).all()
            #expect(
                lines.map(\.resolution).sorted()
                    == Array(repeating: "low/1536x1024", count: submissions)
                    + Array(repeating: "medium/1536x1024", count: submissions), "\(lines.map(\.resolution))")
        }
    }

    /// FAL forgets the request (404 past the grace): it was never billed, so it is marked so and
    /// the picture is asked again, once.
    @Test func aRequestFALLostIsSubmittedAgainAndTheLostOneIsNotBilled() async throws {
        let fake = try await FALProviderTests.fake(faults: "request_lost;model=\(Self.gpt);times=1")
        let started = try await Self.service(for: fake) { config in
            config.environment["FAL_NOT_FOUND_GRACE_SECONDS"] = "1"
        }
        try await Self.with(started, on: fake) { service in
            let token = try await DesignStudioTests.account(service)
            let created = try await service.send(
                .POST, "/api/designs", token: token, json: ["prompt": "me, friendly", "format": "instagram-post"])
            let id = try #require(try created.decode(Designs.self).designs.first?.id)
            let design = try await DesignStudioTests.settled(service, token, id)
            #expect(design.versions.first?.state == "ready", "\(design.versions)")
            let body = try await service.send(.GET, "/api/designs/\(id)", token: token).decode(Costs.self)
            #expect(body.versions.first?.notes.contains { $0.contains("submitted again") } == true)
            let versionID = try #require(
                try await DesignVersion.query(on: service.app.db).filter(\.$design.$id == id).first()?.id)
            let lines = try await LedgerEntry.query(on: service.app.db).filter(\.$jobID == versionID).sort(\.$createdAt)
                .all()
            #expect(lines.map(\.outcome) == [.failed, .succeeded], "\(lines.map(\.outcome))")
            #expect(lines.last?.requestID == body.versions.first?.requestId)
        }
    }

    /// A poll answered before a change must not move the page back: only a later state, or a
    /// place nearer the front, is news.
    @Test func aStalePlaceInLineIsNotNews() {
        #expect(DesignWorker.movedUp(2, from: 3))
        #expect(!DesignWorker.movedUp(3, from: 2))
        #expect(!DesignWorker.movedUp(2, from: 2))
        #expect(DesignWorker.movedUp(0, from: nil))
        #expect(!DesignWorker.movedUp(nil, from: 1))
    }

    /// The service stops while the model works on a refinement (its request stored): the next
    /// start resumes that request, and FAL is asked, and paid, once.
    @Test func aRefinementStoppedMidWaitIsResumedAfterARestartAndPaidOnce() async throws {
        let fake = try await FALProviderTests.fake(latency: 4)
        let first = try await FALProviderTests.service(for: fake)
        let token = try await DesignStudioTests.account(first)
        let created = try await first.send(
            .POST, "/api/designs", token: token, json: ["prompt": "me, friendly", "format": "instagram-portrait"])
        let id = try #require(try created.decode(Designs.self).designs.first?.id)
        _ = try await DesignStudioTests.settled(first, token, id)
        let refined = try await first.send(
            .POST, "/api/designs/\(id)/refine", token: token, json: ["instruction": "warmer"])
        #expect(refined.status == .accepted, "\(refined.text)")
        // Waits until the refinement's request is stored, then stops the service mid-wait.
        var stored: String?
        for _ in 0..<200 where stored == nil {
            stored = try await DesignVersion.query(on: first.app.db).filter(\.$design.$id == id)
                .filter(\.$number == 2).first()?.providerRequest
            if stored == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(stored != nil)
        await first.app.server.shutdown()
        try await first.app.asyncShutdown()
        // Stopped mid-wait: FAL has not finished the refinement, so only a resumed wait can collect it.
        let atStop = try await FALProviderTests.stats(fake)
        #expect(atStop.submissions[Self.gpt] == 2)
        let requestID = FALDesignProvider.requestId(of: try #require(stored))
        #expect(atStop.requests.first { $0.requestId == requestID }?.outcome == nil, "finished before the stop")

        let restarted = try await Self.service(for: fake) { config in
            config.dataDirectory = first.config.dataDirectory
            config.databaseURL = first.config.databaseURL
        }
        try await Self.with(restarted, on: fake) { second in
            let design = try await DesignStudioTests.settled(second, token, id)
            #expect(design.versions.map(\.state) == ["ready", "ready"], "\(design.versions)")
            let stats = try await FALProviderTests.stats(fake)
            #expect(stats.submissions[Self.gpt] == 2, "resumed, not submitted again: \(stats.submissions)")
            let versionID = try #require(
                try await DesignVersion.query(on: second.app.db).filter(\.$design.$id == id).filter(\.$number == 2)
                    .first()?.id)
            let charges = try await LedgerEntry.query(on: second.app.db).filter(\.$jobID == versionID).all()
            #expect(charges.count == 1 && charges.first?.outcome == .succeeded, "\(charges.map(\.outcome))")

            // Another user's designs are not found.
            let stranger = try await second.signUp()
            let other = try await second.send(.GET, "/api/designs/\(id)", token: stranger)
            #expect(other.status == .notFound)
        }
    }
}
