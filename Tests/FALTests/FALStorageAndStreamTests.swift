import FAL
import FakeFAL
import Foundation
import Imaging
import PersonaKit
import Synchronization
import TestSupport
import Testing

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FALStorageAndStreamTests {
    typealias F = FALFixtures

    @Test func anUploadIsServedBackByteForByte() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let photo = try FacePhotos.bytes("obama-2.jpg")
            let url = try await client.upload(photo, contentType: "image/jpeg", fileName: "obama-2.jpg")
            #expect(url.hasPrefix(server.baseURL))
            let (served, contentType) = try await client.download(url)
            #expect(served == photo)
            #expect(contentType == "image/jpeg")
            let stats = try await F.stats(server)
            #expect(stats.uploads == 1)
            #expect(stats.uploadedBytes == photo.count)
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

    @Test func aStreamDeliversAPartialImageThenTheResult() async throws {
        try await F.withFake(latency: 0.5) { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server)
            let urls = try await F.uploadReferences(client, names: ["obama-1.jpg"])
            let events = Mutex<[FALStreamEvent]>([])
            let result = try await client.stream(
                FALModel.nanoBananaProEdit, input: F.headshotInput(urls), as: NanoBananaProOutput.self
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
            #expect(try await F.stats(server).streams == [FALModel.nanoBananaProEdit: 1])
        }
    }

    @Test func aSilentStreamIsCutByTheIdleWatchdog() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "hang")
            let started = ContinuousClock.now
            let error = await #expect(throws: FALError.self) {
                try await client.stream(
                    FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]),
                    as: NanoBananaProOutput.self)
            }
            guard case .timeout(let timeout) = error else {
                Issue.record("not a timeout: \(String(describing: error))")
                return
            }
            #expect(timeout.scope == .streamIdle)
            #expect(ContinuousClock.now - started < .seconds(60), "cut off long before the fake's 600 s stall limit")
        }
    }

    @Test func aContentPolicyErrorEndsTheStream() async throws {
        try await F.withFake { (server: FakeFALServer) async throws -> Void in
            let client = F.client(for: server, fault: "content_policy")
            let error = await #expect(throws: FALError.self) {
                try await client.stream(
                    FALModel.nanoBananaProEdit, input: F.headshotInput(["data:image/jpeg;base64,AA=="]),
                    as: NanoBananaProOutput.self)
            }
            guard case .api(let api) = error else {
                Issue.record("not an API error: \(String(describing: error))")
                return
            }
            #expect(api.isContentPolicyViolation)
        }
    }
}
