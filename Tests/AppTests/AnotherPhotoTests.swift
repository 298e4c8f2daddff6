import Fluent
import PersonaKit
import TestSupport
import Testing
import Vapor

@testable import App

/// "Another photo" draws on all the persona's references, not only the 2–4 of the portrait's
/// request: a tester's casual portrait became the photo the headshot already showed.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct AnotherPhotoTests {
    /// A persona of `TestPhotos.obamaSet()` with its five portraits made, and a way to read which
    /// photo each portrait shows now.
    static func madePersona(_ service: TestService) async throws -> (
        token: String, id: String, sources: () async throws -> [String?]
    ) {
        let token = try await service.signUp()
        let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
        let id = try created.decode(CreatedPersona.self).persona.id
        return (
            token, id,
            {
                try await service.send(.GET, "/api/personas/\(id)", token: token).decode(PersonaDetail.self).persona
                    .portraits.map(\.sourcePhotoId.value)
            }
        )
    }

    /// Each portrait's latest attempt.
    static func latestJob(_ index: Int, on service: TestService) async throws -> GenerationJob {
        try #require(
            try await GenerationJob.query(on: service.app.db).filter(\.$scenarioIndex == index)
                .sort(\.$attempt, .descending).first())
    }

    @Test func anotherPhotoIsOneNoOtherPortraitShows() async throws {
        try await TestService.with(.sqlite) { service in
            let (token, id, sources) = try await Self.madePersona(service)
            let before = try await sources()
            // Three shots and their mirror images, all six needed and counted usable (the API had
            // called the mirror images unusable beside the page's "6 of 6 usable").
            let photos = try await service.send(.GET, "/api/personas/\(id)", token: token)
                .decode(PersonaDetail.self).persona.photos
            #expect(photos.count == 6 && photos.allSatisfy { $0.usable && $0.isReference }, "\(photos)")
            // Six references, five portraits: at least one photo is shown by none.
            #expect(before.allSatisfy { $0 != nil } && Set(before).count >= 4, "\(before)")
            // The set is three photos and their mirror images: each pair is told as one shot.
            let references = try await PersonaImage.query(on: service.app.db).all().compactMap { image in
                image.referencePhoto.map { (image.id?.uuidString ?? "", $0) }
            }
            let mirrorPairs = references.flatMap { a in references.filter { b in a.1.mirrors(b.1) }.map { (a.0, $0.0) }
            }
            let gaps = references.flatMap { a in references.compactMap { b in a.1.mirrorGap(b.1) } }.sorted()
            #expect(
                mirrorPairs.count == 6, "three pairs, each both ways: \(mirrorPairs); the least gaps \(gaps.prefix(8))")
            let flipped = Dictionary(
                mirrorPairs.map { ($0.0.lowercased(), $0.1.lowercased()) }, uniquingKeysWith: { first, _ in first })
            /// A photo and its mirror image: one shot.
            let shot = { (id: String?) in
                Set([id?.lowercased(), id.flatMap { flipped[$0.lowercased()] }].compactMap { $0 })
            }
            let all = Set(references.map { $0.0.lowercased() })
            for index in [1, 4] {
                let shown = try await sources()
                let asked = try await service.send(
                    .POST, "/api/personas/\(id)/portraits/\(index)/regenerate", token: token,
                    json: ["instruction": "another photo"])
                #expect(asked.status == .accepted, "\(asked.text)")
                await service.app.inflio.generator.drain()
                let after = try await sources()
                let now = try #require(after[index]?.lowercased(), "\(index): \(shown) → \(after)")
                #expect(
                    !shot(shown[index]).contains(now), "\(index): the same shot, or it flipped: \(shown) → \(after)")
                // Not another portrait's shot while a photo of no portrait's shot is left. (In this
                // set of three shots and their mirror images, five portraits show all three.)
                let others = shown.enumerated().filter { $0.offset != index }.map { shot($0.element) }
                let othersShots = others.reduce(into: Set<String>()) { $0.formUnion($1) }
                let fresh = all.subtracting(othersShots).subtracting(shot(shown[index]))
                #expect(
                    fresh.isEmpty || fresh.contains(now),
                    "\(index) repeats another portrait's shot: \(shown) → \(after)")
                let job = try await Self.latestJob(index, on: service)
                let request = try JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8))
                #expect((2...4).contains(request.references.count))
            }
        }
    }

    /// Two "another photo" asked in quick succession, the first portrait still being made (the
    /// studio held back 20 s, as a slow provider would), pick different photos: the second avoids
    /// the ones the first may show (its request's `likelySources`), which no finished portrait
    /// shows yet. Without that, both would pick the one photo no portrait showed.
    @Test func twoAskedTogetherPickDifferentPhotos() async throws {
        let slow: (inout ServiceConfig) -> Void = { $0.localLatency = 20 }
        try await TestService.with(configure: slow) { service in
            try await askTwice(service)
        }
    }

    func askTwice(_ service: TestService) async throws {
        let (token, id, sources) = try await Self.madePersona(service)
        func latest(_ index: Int) async throws -> GenerationJob { try await Self.latestJob(index, on: service) }
        let shown = try await sources()
        let (first, second) = (0, 1)
        for index in [first, second] {
            let asked = try await service.send(
                .POST, "/api/personas/\(id)/portraits/\(index)/regenerate", token: token,
                json: ["instruction": "another photo"])
            #expect(asked.status == .accepted, "\(asked.text)")
        }
        let firstJob = try await latest(first)
        #expect(!firstJob.state.isFinished, "the first was made before the second was asked: nothing pending")
        func likely(_ job: GenerationJob) throws -> Set<String> {
            Set(
                try JSONDecoder().decode(PortraitRequest.self, from: Data(job.request.utf8)).likelySources.map(
                    \.location))
        }
        let (firstLikely, secondLikely) = (try likely(firstJob), try likely(try await latest(second)))
        #expect(!firstLikely.isEmpty && !secondLikely.isEmpty)
        #expect(firstLikely.isDisjoint(with: secondLikely), "both may show \(firstLikely.intersection(secondLikely))")
        await service.app.inflio.generator.drain()
        let after = try await sources()
        #expect(after[first] != nil && after[second] != nil && after[first] != after[second], "\(shown) → \(after)")
        for index in [first, second] {
            #expect(after[index] != shown[index], "\(index) shows the same photo: \(shown) → \(after)")
        }
    }
}
