import AsyncHTTPClient
import Dispatch
import FAL
import Faces
import FakeFAL
import Foundation
import Imaging
import PersonaKit
import TestSupport

/// The fake started in this process, a client with short deadlines pointed at it, and the real
/// face photos (../shared/testdata/faces).
enum FALFixtures {
    /// Loaded once: every fake in the run shares it. Reach it through `sharedAnalyzer()`.
    private static let analyzer: PhotoBatchAnalyzer = try! PhotoBatchAnalyzer(models: try FaceModels(), workers: 1)

    /// Blocking work (model loading, face analysis) runs on Dispatch threads: the fakes live in
    /// this process, and a blocked cooperative thread (one per core) would stall their handlers.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    static func sharedAnalyzer() async -> PhotoBatchAnalyzer { await offPool { analyzer } }

    static func analyze(_ bytes: [UInt8]) async -> PhotoAnalysis {
        await offPool { analyzer.analyze(photos: [(name: "portrait", bytes: bytes)])[0] }
    }

    // Generous job and attempt deadlines: in the full suite the fake's renders share two cores
    // with every other test (20 s was once too short there; a 5 s attempt once cut a slow but
    // accepted submit, whose retry then queued a second job; a 5 s stream idle once cut a stream
    // whose first event was slow under load, and 30 s once did while the whole suite was starting
    // its services). Tests of deadlines set short ones.
    static let deadlines = FALDeadlines(
        attempt: .seconds(15), job: .seconds(180), streamIdle: .seconds(90),
        pollInterval: .milliseconds(50), upload: .seconds(5))
    static let retry = FALRetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(50), maxDelay: .milliseconds(200))

    static func client(for server: FakeFALServer, fault: String? = nil, deadlines: FALDeadlines = deadlines)
        -> FALClient
    {
        let configuration = FALConfiguration(
            credentials: "test-id:test-secret", queueURL: server.queueURL, runURL: server.runURL,
            restURL: server.restURL,
            deadlines: deadlines, retry: retry, extraHeaders: fault.map { [FakeFALServer.faultHeader: $0] } ?? [:])
        return FALClient(configuration: configuration)
    }

    /// Runs `body` with a started fake and always stops it.
    static func withFake<T>(
        latency: Double = 0.4, options: FakeFALServer.Options = FakeFALServer.Options(),
        _ body: (FakeFALServer) async throws -> T
    ) async throws -> T {
        let (server, _) = try await FakeFALServer.start(
            port: 0, latency: latency, options: options, analyzer: await sharedAnalyzer())
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Uploads two of Obama's photos through the client; their file URLs.
    static func uploadReferences(_ client: FALClient, names: [String] = ["obama-1.jpg", "obama-2.jpg"]) async throws
        -> [String]
    {
        var urls: [String] = []
        for name in names {
            urls.append(try await client.upload(try FacePhotos.bytes(name), contentType: "image/jpeg", fileName: name))
        }
        return urls
    }

    static func headshotInput(_ urls: [String], seed: Int = 7) -> NanoBananaProEditInput {
        NanoBananaProEditInput(
            prompt: PortraitScenario.all[0].prompt, imageURLs: urls, numImages: 1, aspectRatio: "1:1",
            outputFormat: .jpeg, resolution: .oneK, seed: seed)
    }

    /// `/_fake/stats` (see FALBodies.swift).
    static func stats(_ server: FakeFALServer) async throws -> FakeStats {
        try TypedJSON.decode(FakeStats.self, from: try await server.statsJSON())
    }

    static func submissions(_ server: FakeFALServer, model: String = FALModel.nanoBananaProEdit) async throws -> Int {
        try await stats(server).submissions[model] ?? 0
    }

    static func faultHits(_ server: FakeFALServer, _ kind: String) async throws -> Int {
        try await stats(server).faults[kind] ?? 0
    }

    static func obamaIdentity() async -> FaceEmbedding {
        await offPool {
            let analyses = analyzer.analyze(files: ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"].map(FacePhotos.path))
            return FaceEmbedding.centroid(of: analyses.compactMap(\.embedding))!
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
