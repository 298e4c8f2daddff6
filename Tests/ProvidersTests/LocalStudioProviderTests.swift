import Faces
import Foundation
import Imaging
import PersonaKit
import Synchronization
import TestSupport
import Testing

@testable import Providers

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct LocalStudioProviderTests {
    typealias F = StudioFixtures

    @Test(arguments: PortraitScenario.all)
    func eachScenarioIsAJPEGOfItsSize(scenario: PortraitScenario) async throws {
        let portrait = try await F.render(F.request(scenario, try F.persona(F.obama)))
        #expect(portrait.contentType == "image/jpeg")
        #expect(ImageFormat.sniff(portrait.bytes) == .jpeg)
        let decoded = try ImageDecoder.decode(bytes: portrait.bytes, maxSide: 4096)
        #expect(
            decoded.originalWidth == scenario.pixelSize.width && decoded.originalHeight == scenario.pixelSize.height)
        #expect(portrait.width == scenario.pixelSize.width && portrait.height == scenario.pixelSize.height)
    }

    /// Obama's and Biden's photos, and three more people's: each portrait shows one face, the
    /// person's, and every photo with the detail to lead one leads one at least (all of them but
    /// the small alex-lacamoire-2): with up to five such photos, ScenarioCasting's cost of a photo
    /// used twice (more than any fit gains) makes the five as different as the photos allow.
    @Test(arguments: [F.obama, F.biden] + F.others)
    func everyPortraitShowsOneFaceOfThePerson(names: [String]) async throws {
        let persona = try F.persona(names)
        var portraits: [(name: String, bytes: [UInt8])] = []
        var sources: Set<String> = []
        for scenario in PortraitScenario.all {
            let portrait = try await F.render(F.request(scenario, persona))
            portraits.append((scenario.id, portrait.bytes))
            if let source = portrait.source { sources.insert(source) }
        }
        // Each photo with enough detail to lead at least one scenario (ScenarioCasting.hasDetail).
        let sharpest = persona.references.map(\.resolution).max() ?? 0
        let leaders = persona.references.filter { reference in
            PortraitScenario.all.contains {
                ScenarioCasting.hasDetail(reference.resolution, for: $0, sharpest: sharpest)
            }
        }
        #expect(
            sources == Set(leaders.map(\.location)),
            "\(names[0]): the portraits come from \(sources), of \(persona.references.map { ($0.location, $0.resolution) })"
        )
        for analysis in F.analyzer.analyze(photos: portraits) {
            #expect(analysis.faceCount == 1, "\(names[0]) \(analysis.file): \(analysis.faceCount) faces")
            let embedding = try #require(analysis.embedding, "\(analysis.file): no face")
            let distance = embedding.distance(to: persona.identity)
            print("identity distance \(names[0]) \(analysis.file): \(String(format: "%.3f", distance))")
            #expect(distance < FaceEmbedding.samePersonThreshold, "\(analysis.file): \(distance)")
            // No face blown up past a close-up's size to hide a tight photo's edges: biden-2, a
            // square head-and-shoulders photo cast for the 16:9 dynamic portrait, once came out
            // with its eyes 0.39 of the height apart, the face nearly as tall as the picture.
            let (left, right) = try #require(analysis.landmarks).eyeCentres
            let eyes = left.distance(to: right) / Double(analysis.height)
            #expect(
                eyes <= StudioFraming.largestEyeDistance + 0.01, "\(analysis.file): eyes \(eyes) of the height apart")
        }
    }

    @Test func theFramingFollowsTheScenario() async throws {
        let persona = try F.persona(F.obama)
        var portraits: [(name: String, bytes: [UInt8])] = []
        for scenario in PortraitScenario.all {
            portraits.append((scenario.id, try await F.render(F.request(scenario, persona)).bytes))
        }
        let analyses = F.analyzer.analyze(photos: portraits)
        func eyes(_ i: Int) throws -> (x: Double, y: Double, distance: Double) {
            let a = analyses[i]
            let (l, r) = try #require(a.landmarks).eyeCentres
            return (
                (l.x + r.x) / 2 / Double(a.width), (l.y + r.y) / 2 / Double(a.height),
                l.distance(to: r) / Double(a.width)
            )
        }
        let headshot = try eyes(0)
        let dynamic = try eyes(2)
        let closeup = try eyes(3)
        let environmental = try eyes(4)
        #expect(abs(headshot.y - 0.40) < 0.05 && abs(headshot.x - 0.5) < 0.06, "headshot eyes at \(headshot)")
        #expect(abs(dynamic.x - 0.5) > 0.1, "dynamic: subject off-centre, eyes at \(dynamic)")
        #expect(abs(environmental.x - 0.5) > 0.1, "environmental: subject to one side, eyes at \(environmental)")
        #expect(
            closeup.distance > 1.6 * headshot.distance,
            "close-up is tighter: \(closeup.distance) vs \(headshot.distance)")
        #expect(environmental.distance < 0.8 * headshot.distance, "environmental is wider")
    }

    @Test func theFiveLookDifferentAndEachHasItsLook() async throws {
        let persona = try F.persona(F.obama)
        var thumbs: [Thumbnail] = []
        for scenario in PortraitScenario.all {
            thumbs.append(try Thumbnail(try await F.render(F.request(scenario, persona)).bytes))
        }
        var smallest = Double.infinity
        for i in thumbs.indices {
            for j in thumbs.indices where j > i {
                let difference = thumbs[i].meanAbsoluteDifference(to: thumbs[j])
                smallest = min(smallest, difference)
                #expect(difference > 20, "scenarios \(i) and \(j) differ by only \(difference)")
            }
        }
        let (headshot, casual, dynamic, closeup, _) = (thumbs[0], thumbs[1], thumbs[2], thumbs[3], thumbs[4])
        print(
            String(
                format:
                    "looks: smallest pairwise difference %.1f; headshot corners chroma %.1f luma %.0f; close-up corners luma %.1f; dynamic corners chroma %.0f; casual mean R−B %.0f",
                smallest, headshot.corners.chroma, headshot.corners.luma, closeup.corners.luma, dynamic.corners.chroma,
                casual.means[0] - casual.means[2]))
        #expect(headshot.corners.chroma < 16, "headshot backdrop is neutral grey: chroma \(headshot.corners.chroma)")
        #expect(headshot.corners.luma > 50, "headshot backdrop is grey, not black")
        #expect(closeup.corners.luma < 50, "close-up backdrop is dark: \(closeup.corners.luma)")
        #expect(dynamic.corners.chroma > 70, "dynamic backdrop is saturated: chroma \(dynamic.corners.chroma)")
        let warm = casual.means
        #expect(warm[0] > warm[2] + 15, "casual grade is warm: mean RGB \(warm)")
    }

    @Test func anInstructionNudgesTheLook() async throws {
        let persona = try F.persona(F.obama)
        let scenario = PortraitScenario.all[0]
        let plain = try Thumbnail(try await F.render(F.request(scenario, persona, seed: 5)).bytes)
        let warmer = try Thumbnail(
            try await F.render(F.request(scenario, persona, seed: 5, instruction: "a bit warmer")).bytes)
        let brighter = try Thumbnail(
            try await F.render(F.request(scenario, persona, seed: 5, instruction: "brighter please")).bytes)
        let warmth = { (t: Thumbnail) in t.means[0] - t.means[2] }
        #expect(warmth(warmer) > warmth(plain) + 5, "warmer: R−B \(warmth(warmer)) vs \(warmth(plain))")
        #expect(brighter.luma > plain.luma + 5, "brighter: \(brighter.luma) vs \(plain.luma)")
    }

    @Test func theSameRequestGivesTheSameBytesAndAnotherSeedAnotherTake() async throws {
        let persona = try F.persona(F.obama)
        let scenario = PortraitScenario.all[1]
        let provider = LocalStudioProvider(loader: F.CountingLoader().loader)
        func render(seed: UInt64) async throws -> [UInt8] {
            let request = F.request(scenario, persona, seed: seed)
            return try await provider.result(
                requestId: try await provider.submit(request), request: request, partial: nil
            ).bytes
        }
        let first = try await render(seed: 1)
        #expect(try await render(seed: 1) == first)
        let other = try await render(seed: 2)
        #expect(other != first)
        #expect(
            try Thumbnail(first).meanAbsoluteDifference(to: try Thumbnail(other)) > 2,
            "another seed is visibly another take")
    }

    @Test func submitNamesTheRequestWithoutRendering() async throws {
        let persona = try F.persona(F.obama)
        let counting = F.CountingLoader()
        let provider = LocalStudioProvider(loader: counting.loader)
        let request = F.request(PortraitScenario.all[0], persona, seed: 11)
        let id = try await provider.submit(request)
        #expect(id.hasPrefix("local-"))
        #expect(try await provider.submit(request) == id)
        #expect(try await provider.submit(F.request(PortraitScenario.all[0], persona, seed: 12)) != id)
        #expect(
            try await provider.submit(F.request(PortraitScenario.all[0], persona, seed: 11, instruction: "warmer"))
                != id)
        #expect(counting.calls.load(ordering: .relaxed) == 0, "submit must not load or render")
        #expect(provider.name == "local")
        #expect(
            provider.charge(for: request) == ProviderCharge(model: "local-studio", resolution: "1K", unitPriceUSD: 0))
    }

    @Test func resultSendsOneSmallPreviewFirst() async throws {
        let counting = F.CountingLoader()
        let provider = LocalStudioProvider(loader: counting.loader)
        let request = F.request(PortraitScenario.all[3], try F.persona(F.biden), seed: 3)
        let previews = Mutex<[PartialImage]>([])
        let final = try await provider.result(requestId: try await provider.submit(request), request: request) {
            partial in
            previews.withLock { $0.append(partial) }
        }
        let sent = previews.withLock { $0 }
        #expect(sent.count == 1)
        #expect(sent.first?.progress == 0.5)
        #expect(
            (sent.first?.image.width ?? 0) < final.width && ImageFormat.sniff(sent.first?.image.bytes ?? []) == .jpeg)
        #expect(counting.calls.load(ordering: .relaxed) == request.references.count, "each reference is read once")
    }

    @Test func refusesARequestWithoutReferencesOrAForeignId() async throws {
        let provider = LocalStudioProvider(loader: F.CountingLoader().loader)
        let empty = PortraitRequest(scenario: PortraitScenario.all[0], references: [], seed: 1)
        await #expect(throws: ProviderError.self) {
            try await provider.result(requestId: try await provider.submit(empty), request: empty, partial: nil)
        }
        let request = F.request(PortraitScenario.all[0], try F.persona(F.obama))
        await #expect(throws: ProviderError.unknownRequest("fal-123")) {
            try await provider.result(requestId: "fal-123", request: request, partial: nil)
        }
    }
}

/// A portrait shrunk to 32×32, for comparing looks.
struct Thumbnail {
    let pixels: [UInt8]
    static let side = 32

    init(_ jpeg: [UInt8]) throws {
        pixels = try EditableImage(bytes: jpeg).resized(toWidth: Self.side, height: Self.side).rgb().pixels
    }

    func meanAbsoluteDifference(to other: Thumbnail) -> Double {
        Double(zip(pixels, other.pixels).map { abs(Int($0) - Int($1)) }.reduce(0, +)) / Double(pixels.count)
    }

    var means: [Double] { Self.means(of: Array(0..<(Self.side * Self.side)), in: pixels) }
    var luma: Double { 0.299 * means[0] + 0.587 * means[1] + 0.114 * means[2] }

    /// The four 4×4 corners: mean luminance, and mean chroma (max − min channel).
    var corners: (luma: Double, chroma: Double) {
        let n = Self.side
        let k = 4
        var luma = 0.0
        var chroma = 0.0
        var count = 0.0
        for y in 0..<n where y < k || y >= n - k {
            for x in 0..<n where x < k || x >= n - k {
                let i = 3 * (y * n + x)
                let (r, g, b) = (Double(pixels[i]), Double(pixels[i + 1]), Double(pixels[i + 2]))
                luma += 0.299 * r + 0.587 * g + 0.114 * b
                chroma += max(r, g, b) - min(r, g, b)
                count += 1
            }
        }
        return (luma / count, chroma / count)
    }

    /// The mean of each channel over the four 4×4 corners.
    var cornerMeans: [Double] {
        let n = Self.side
        let corners = (0..<(n * n)).filter { i in
            let (x, y) = (i % n, i / n)
            return (x < 4 || x >= n - 4) && (y < 4 || y >= n - 4)
        }
        return Self.means(of: corners, in: pixels)
    }

    static func means(of indices: [Int], in pixels: [UInt8]) -> [Double] {
        (0..<3).map { band in indices.map { Double(pixels[3 * $0 + band]) }.reduce(0, +) / Double(indices.count) }
    }
}
