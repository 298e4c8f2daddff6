import Foundation
import Imaging
import TestSupport
import Testing
import Vapor

@testable import App

/// `POST /api/capture/check`: one camera frame judged, nothing stored, rate-limited.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct CaptureCheckTests {
    /// A shared face scaled to 640 px wide, as the capture page sends its frames.
    static func frame(_ name: String = "obama-1.jpg") throws -> [UInt8] {
        let image = try EditableImage(bytes: TestPhotos.photo(name).bytes)
        return try image.resized(by: 640 / Double(try image.rgb().width)).jpeg(quality: 80)
    }

    func check(_ service: TestService, token: String, _ bytes: [UInt8], type: HTTPMediaType = .jpeg) async throws
        -> ClientResponse
    {
        try await service.send(
            .POST, "/api/capture/check", token: token, body: ByteBuffer(bytes: bytes), contentType: type)
    }

    @Test func aFrameWithAFaceSaysWhereItIs() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let answer = try await check(service, token: token, try Self.frame()).decode(CaptureCheck.self)
            #expect(answer.faces == 1 && answer.issues.isEmpty, "\(answer.issues.map(\.code))")
            let face = try #require(answer.face.value)
            #expect(face.x > 0 && face.y > 0 && face.x + face.width < 1 && face.y + face.height < 1)
            #expect(answer.faceShare.value == face.width && face.width > 0.1)

            let twoPeople = try await check(service, token: token, try Self.frame("two-people.jpg"))
            #expect(try twoPeople.decode(CaptureCheck.self).issues.map(\.code) == ["multiple_faces"])
            // Nothing is stored.
            #expect(try await service.storedCounts().files == 0)
            #expect(try await service.storedCounts().images == 0)
        }
    }

    @Test func aFrameWithoutAFaceSaysSo() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let answer = try await check(service, token: token, try TestPhotos.faceless()).decode(CaptureCheck.self)
            #expect(answer.faces == 0 && answer.face.isNull && answer.faceShare.isNull)
            #expect(answer.issues.map(\.code) == ["no_face"])
        }
    }

    @Test func badFramesAreRefusedWithTheirCodes() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let big = try await check(service, token: token, [UInt8](repeating: 0xFF, count: 600 * 1024))
            #expect(big.status == .payloadTooLarge && big.errorCode == "frame_too_large", "\(big.text)")
            let wide = try EditableImage(
                RGBImage(width: 2000, height: 100, pixels: [UInt8](repeating: 90, count: 2000 * 100 * 3))
            ).jpeg()
            let tooWide = try await check(service, token: token, wide)
            #expect(tooWide.errorCode == "frame_too_large", "\(tooWide.text)")
            let text = try await check(service, token: token, Array("hello".utf8), type: .plainText)
            #expect(text.status == .unsupportedMediaType && text.errorCode == "unsupported_format")
            let cut = try Self.frame().prefix(2000)
            let truncated = try await check(service, token: token, Array(cut))
            #expect(truncated.status == .unprocessableEntity && truncated.errorCode == "unreadable_image")
            HardeningTests.expectPlainWords(truncated.text)
            let empty = try await check(service, token: token, [])
            #expect(empty.status == .badRequest && empty.errorCode == "missing_frame", "\(empty.text)")
        }
    }

    @Test func checksNeedTheNoticeAndASignIn() async throws {
        try await TestService.with { service in
            let anonymous = try await service.send(.POST, "/api/capture/check", body: ByteBuffer(bytes: [1]))
            #expect(anonymous.status == .unauthorized)
            let token = try await service.signUp(consent: false)
            let refused = try await check(service, token: token, try Self.frame())
            #expect(refused.status == .forbidden && refused.errorCode == "consent_required")
        }
    }

    /// A client that sends frames as fast as it can is held to the limiter's pace: 429 with
    /// `Retry-After` after the burst, and the answer names the route family.
    @Test func aFloodOfFramesIsLimited() async throws {
        try await TestService.with { service in
            // A stopped clock: the burst is spent whatever the machine's speed.
            service.app.inflio.limiter.freeze(at: Date())
            let token = try await service.signUp()
            let frame = try TestPhotos.faceless(width: 160, height: 120)
            var statuses: [UInt] = []
            var limited: ClientResponse?
            for _ in 0..<Int(RateLimiter.Family.captureCheck.perUser.burst) + 3 {
                let answer = try await check(service, token: token, frame)
                statuses.append(answer.status.code)
                if answer.status == .tooManyRequests { limited = answer }
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == 200 }, "\(statuses)")
            let answer = try #require(limited, "\(statuses)")
            #expect(answer.errorCode == "rate_limited")
            let retryAfter = try #require(answer.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect(retryAfter >= 1)
            #expect(answer.text.contains("capture_check"))
            // Another user on the same address still has their own allowance.
            let other = try await service.signUp()
            #expect(try await check(service, token: other, frame).status == .ok)
        }
    }
}
