import FAL
import FakeFAL
import Foundation
import Imaging
import PersonaKit
import Providers  // FAL's errors and charges as PersonaKit's
import Synchronization
import TestSupport
import Testing

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FALStorageAndStreamTests {
    typealias F = FALFixtures

    /// As the Python client uploads: a CDN token (kept until it expires), then the bytes to the
    /// token's `base_url`.
    @Test func anUploadGoesThroughACDNTokenAndIsServedBackByteForByte() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let photo = try FacePhotos.bytes("obama-2.jpg")
            let url = try await client.upload(photo, contentType: "image/jpeg", fileName: "obama-2.jpg")
            #expect(url.hasPrefix(server.baseURL) && url.hasSuffix("/obama-2.jpg"))
            let (served, contentType) = try await client.download(url)
            #expect(served == photo)
            #expect(contentType == "image/jpeg")
            _ = try await client.upload(photo, contentType: "image/jpeg", fileName: "again.jpg")
            let stats = try await F.stats(server)
            #expect(stats.uploads == 2 && stats.uploadsByToken == 2, "\(stats.uploads) uploads")
            #expect(stats.uploadTokens == 1, "one token for both uploads")
            #expect(stats.uploadsInitiated == 0)
            #expect(stats.uploadedBytes == 2 * photo.count)
        }
    }

    /// Without a token the upload takes the `initiate` + PUT way, as fal-js does.
    @Test func anUnavailableUploadTokenFallsBackToInitiate() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "upload_token_unavailable")
            let photo = try FacePhotos.bytes("obama-1.jpg")
            let url = try await client.upload(photo, contentType: "image/jpeg", fileName: "obama-1.jpg")
            #expect(try await client.download(url).bytes == photo)
            let stats = try await F.stats(server)
            #expect(stats.faults["upload_token_unavailable"] == 1, "the token was asked for first")
            #expect(stats.uploadsInitiated == 1 && stats.uploads == 1 && stats.uploadsByToken == 0)
        }
    }

    @Test func anUnauthenticatedCallIsRefused() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            var configuration = F.client(for: server).configuration
            configuration.credentials = ""
            let client = FALClient(configuration: configuration)
            let error = await #expect(throws: FALError.self) {
                try await client.upload([1, 2, 3], contentType: "image/jpeg")
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error")
                return
            }
            #expect(api.status == 401)
            guard case .rejected(let code, _) = error!.providerError else {
                Issue.record("not rejected")
                return
            }
            #expect(code == "fal_unauthorized")
        }
    }

    /// gpt-image-1.5's edit has a `/stream` (nano-banana-pro's edit has none: FALStrictFakeTests).
    static func gptInput(_ urls: [String]) -> GPTImage15EditInput {
        GPTImage15EditInput(prompt: PortraitScenario.all[0].prompt, imageURLs: urls, outputFormat: .jpeg)
    }

    @Test func aStreamDeliversAPartialImageThenTheResult() async throws {
        try await F.withFake(latency: 0.5) { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let events = Mutex<[FALStreamEvent]>([])
            let result = try await client.stream(
                FALModel.gptImage15Edit, input: Self.gptInput(urls), as: GPTImage15Output.self
            ) { event in
                events.withLock { $0.append(event) }
            }
            let received = events.withLock { $0 }
            #expect(received.count >= 3, "progress, partial, result: \(received.count) events")
            let partial = try #require(
                received.dropLast().first { !$0.images.isEmpty }, "no partial image before the result")
            let preview = try #require(partial.images.first?.inlineBytes)
            #expect(ImageFormat.sniff(preview) == .jpeg)
            #expect((partial.images.first?.width ?? 0) < 1024, "the partial is a preview")
            let final = try #require(result.output.images.first)
            #expect(final.width == 1024 && final.height == 1024)
            #expect(try await F.stats(server).streams == [FALModel.gptImage15Edit: 1])
        }
    }

    @Test func aSilentStreamIsCutByTheIdleWatchdog() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            var deadlines = F.deadlines
            deadlines.streamIdle = .seconds(5)
            let client = F.client(for: server, fault: "hang", deadlines: deadlines)
            let started = ContinuousClock.now
            let error = await #expect(throws: FALError.self) {
                try await client.stream(
                    FALModel.gptImage15Edit, input: Self.gptInput(["data:image/jpeg;base64,AA=="]),
                    as: GPTImage15Output.self)
            }
            guard case .timeout(let timeout) = error else {
                Issue.record("not a timeout: \(String(describing: error))")
                return
            }
            #expect(timeout.scope == .streamIdle)
            #expect(ContinuousClock.now - started < .seconds(60), "cut off long before the fake's 600 s stall limit")
        }
    }

    /// The official clients JSON-parse every `data:` event whatever its name, so an error may
    /// come as a plain data event: read as FAL's error either way, not as an unreadable output.
    @Test(arguments: ["content_policy", "content_policy,stream_error_event"])
    func aContentPolicyErrorEndsTheStream(fault: String) async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: fault)
            let error = await #expect(throws: FALError.self) {
                try await client.stream(
                    FALModel.gptImage15Edit, input: Self.gptInput(["data:image/jpeg;base64,AA=="]),
                    as: GPTImage15Output.self)
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.status == 422)
            #expect(api.isContentPolicyViolation)
        }
    }
}
