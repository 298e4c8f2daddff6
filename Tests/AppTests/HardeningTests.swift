import FAL
import FakeFAL
import Fluent
import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// Findings of the black-box probe (issue 13): a bad file among good ones, logout with a bearer
/// token, bcrypt's 72 bytes, internals in error messages, a wrongly typed instruction.
@Suite struct HardeningTests {
    /// What no error message a client sees may carry.
    static let internals = ["CodingKeys", "Dictionary<", "Swift.", "vips", "VipsImage", "ImagingError"]

    static func expectPlainWords(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in internals {
            #expect(!text.lowercased().contains(word.lowercased()), "\(text)", sourceLocation: sourceLocation)
        }
    }

    // MARK: 7. A bad photo among good ones

    /// A copy of a real JPEG whose frame header claims 60000×60000 pixels (3.6 gigapixels).
    static func jpegClaimingHugeSize() throws -> [UInt8] {
        var bytes = try FacePhotos.bytes("obama-1.jpg")
        var i = 2
        while i + 9 < bytes.count, bytes[i] == 0xFF {
            let marker = bytes[i + 1]
            if (0xC0...0xC3).contains(marker) {
                bytes.replaceSubrange((i + 5)...(i + 8), with: [0xEA, 0x60, 0xEA, 0x60])
                return bytes
            }
            i += 2 + Int(bytes[i + 2]) << 8 + Int(bytes[i + 3])
        }
        throw TestFailure("no frame header in obama-1.jpg")
    }

    static func badFile(_ kind: String) throws -> (photo: TestPhoto, code: String) {
        switch kind {
        case "truncated":
            let full = try FacePhotos.bytes("obama-1.jpg")
            return (TestPhoto(name: "cut.jpg", bytes: Array(full.prefix(full.count * 4 / 10))), "unreadable_image")
        default:
            return (TestPhoto(name: "huge.jpg", bytes: try jpegClaimingHugeSize()), "image_too_large")
        }
    }

    /// Five good photos and one that cannot be read (or claims 3.6 gigapixels): 422 with the file's
    /// analysis code, the file named, nothing stored; never a 500.
    @Test(
        .enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"),
        arguments: ["truncated", "huge header"])
    func aBadFileAmongFiveGoodPhotosIsRefusedByName(kind: String) async throws {
        let bad = try Self.badFile(kind)
        try await TestService.with { service in
            let token = try await service.signUp()
            let photos = Array(try TestPhotos.obamaSet().prefix(5)) + [bad.photo]
            let response = try await service.createPersona(token: token, photos: photos)
            #expect(response.status == .unprocessableEntity, "\(response.text)")
            #expect(response.errorCode == bad.code, "\(response.text)")
            let body = try response.decode(ErrorAnswer.self)
            #expect(body.error.message.contains(bad.photo.name), "\(body.error.message)")
            #expect(body.error.details?.files == [bad.photo.name], "\(response.text)")
            let rejected = try #require(body.error.details?.rejectedPhotos)
            #expect(rejected.map(\.file) == [bad.photo.name])
            #expect(rejected.first?.reasons.map(\.code) == [bad.code])
            Self.expectPlainWords(response.text)
            let stored = try await service.storedCounts()
            #expect(
                stored.personas == 0 && stored.images == 0 && stored.jobs == 0 && stored.events == 0
                    && stored.files == 0, "\(stored)")
        }
    }

    /// Four good photos and a truncated one: not enough usable, and the truncated file's reason is
    /// in our words, not the imaging library's.
    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func aRejectedFilesReasonIsInOurWords() async throws {
        let bad = try Self.badFile("truncated")
        try await TestService.with { service in
            let token = try await service.signUp()
            let photos = Array(try TestPhotos.obamaSet().prefix(4)) + [bad.photo]
            let response = try await service.createPersona(token: token, photos: photos)
            #expect(response.status == .unprocessableEntity && response.errorCode == "not_enough_usable_photos")
            let rejected = try #require(try response.decode(ErrorAnswer.self).error.details?.rejectedPhotos)
            #expect(rejected.map(\.file) == [bad.photo.name])
            Self.expectPlainWords(response.text)
        }
    }

    // MARK: 8. Logout revokes the token it was called with

    @Test func logoutWithABearerSessionTokenRevokesIt() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let other = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "other@example.com", "password": "long enough pass"])
            let otherToken = try #require(try other.decode(SignedIn.self).token)
            #expect(try await service.send(.GET, "/api/auth/me", token: token).status == .ok)
            let out = try await service.send(.POST, "/api/auth/logout", token: token)
            #expect(out.status == .ok)
            #expect(try await service.send(.GET, "/api/auth/me", token: token).status == .unauthorized)
            // Only that token: another session is untouched.
            #expect(try await service.send(.GET, "/api/auth/me", token: otherToken).status == .ok)
        }
    }

    @Test func logoutWithAnAPITokenRevokesIt() async throws {
        try await TestService.with { service in
            let token = try await AccountService.createAccountWithAPIToken(
                app: service.app, email: "script@example.com", password: "long enough pass")
            #expect(try await service.send(.GET, "/api/personas", token: token).status == .ok)
            #expect(try await service.send(.POST, "/api/auth/logout", token: token).status == .ok)
            #expect(try await service.send(.GET, "/api/personas", token: token).status == .unauthorized)
            #expect(try await UserToken.query(on: service.app.db).count() == 0)
        }
    }

    // MARK: 9. bcrypt reads 72 bytes

    @Test func passwordsOverSeventyTwoBytesAreRefused() async throws {
        try await TestService.with { service in
            // 72 bytes, not one letter repeated (that would be refused as a common password).
            let long = String(String(repeating: "correct horse battery staple ", count: 3).prefix(72))
            let tooLong = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "a@example.com", "password": long + "b"])
            #expect(tooLong.status == .badRequest && tooLong.errorCode == "password_too_long", "\(tooLong.text)")
            // 37 characters, 74 bytes in UTF-8.
            let accents = try await service.send(
                .POST, "/api/auth/signup",
                json: ["email": "b@example.com", "password": String(repeating: "é", count: 37)])
            #expect(accents.status == .badRequest && accents.errorCode == "password_too_long", "\(accents.text)")
            #expect(try await User.query(on: service.app.db).count() == 0)

            let exactly = try await service.send(
                .POST, "/api/auth/signup", json: ["email": "c@example.com", "password": long])
            #expect(exactly.status == .created, "\(exactly.text)")
            // Sign-in refuses the longer one too: it would have matched the 72 bytes bcrypt reads.
            let longer = try await service.send(
                .POST, "/api/auth/login", json: ["email": "c@example.com", "password": long + "b"])
            #expect(longer.status == .badRequest && longer.errorCode == "password_too_long", "\(longer.text)")
            let right = try await service.send(
                .POST, "/api/auth/login", json: ["email": "c@example.com", "password": long])
            #expect(right.status == .ok, "\(right.text)")
        }
    }

    // MARK: 13. Internals in messages

    /// Malformed bodies against several routes: `invalid_request`, a sentence naming the field,
    /// never Swift's types or coding paths.
    @Test func malformedBodiesAreDescribedInPlainWords() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let cases: [(path: String, body: String, message: String)] = [
                ("/api/auth/signup", #"{"email": "a@example.com"}"#, "The field password is missing."),
                ("/api/auth/signup", #"{"email": 5, "password": "long enough pass"}"#, "The field email must be text."),
                ("/api/auth/login", #"{"email": "a@example.com", "password": null}"#, "password"),
                ("/api/auth/login", "[1, 2]", "The request body must be a JSON object."),
                ("/api/auth/signup", "12345", "The request body must be a JSON object."),
                ("/api/auth/signup", "{nope", "The request body is not valid JSON."),
                ("/api/onboarding/consent", #"{"accepted": "yes"}"#, "The field accepted must be true or false."),
            ]
            for item in cases {
                let response = try await service.send(
                    .POST, item.path, token: token, body: ByteBuffer(string: item.body), contentType: .json)
                #expect(response.status == .badRequest, "\(item.path) \(item.body): \(response.text)")
                #expect(response.errorCode == "invalid_request", "\(item.path) \(item.body): \(response.text)")
                let message = try response.decode(ErrorAnswer.self).error.message
                #expect(message.contains(item.message), "\(item.path) \(item.body): \(message)")
                Self.expectPlainWords(response.text)
            }
            // Vapor's own refusals too: a body that is not JSON, an unknown route.
            // (Sign-in refuses non-JSON bodies itself, as expected_json: CrossSiteTests.)
            let text = try await service.send(
                .POST, "/api/personas", token: token, body: ByteBuffer(string: "<name/>"), contentType: .xml)
            #expect(text.status == .unsupportedMediaType && text.errorCode == "unsupported_media_type", "\(text.text)")
            Self.expectPlainWords(text.text)
            #expect(!text.text.contains("has not been configured"), "\(text.text)")
        }
    }

    /// FAL's webhook error codes are already `webhook_…`: not prefixed twice.
    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func aWebhookRefusalHasItsCodeOnce() async throws {
        let fake = try await FALProviderTests.fake()
        try await FALProviderTests.withService(on: fake) { service in
            let answer = try await service.send(
                .POST, "/api/webhooks/fal", body: ByteBuffer(string: #"{"request_id": "x"}"#), contentType: .json)
            #expect(answer.status == .unauthorized)
            #expect(answer.errorCode == "webhook_missing_header", "\(answer.text)")
            Self.expectPlainWords(answer.text)
        }
    }

    // MARK: 14. Silent drops

    /// `{"instruction": 12345}` is refused (400), not dropped; a persona's portraits and PATCH both
    /// name the wrongly typed field.
    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func aWronglyTypedInstructionIsRefused() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let created = try await service.createPersona(token: token, photos: try TestPhotos.obamaSet(), wait: true)
            let id = try created.decode(CreatedPersona.self).persona.id
            let path = "/api/personas/\(id)/portraits/1/regenerate"

            let number = try await service.send(.POST, path, token: token, json: ["instruction": 12345])
            #expect(number.status == .badRequest && number.errorCode == "invalid_request", "\(number.text)")
            #expect(try number.decode(ErrorAnswer.self).error.message == "The field instruction must be text.")
            let rename = try await service.send(.PATCH, "/api/personas/\(id)", token: token, json: ["name": 3])
            #expect(rename.status == .badRequest && rename.errorCode == "invalid_request", "\(rename.text)")
            #expect(try rename.decode(ErrorAnswer.self).error.message == "The field name must be text.")
            let jobs = try await GenerationJob.query(on: service.app.db).count()
            #expect(jobs == 5, "nothing was regenerated")

            // Without a body, a regeneration has no instruction, as before.
            let plain = try await service.send(.POST, path, token: token)
            #expect(plain.status == .accepted, "\(plain.text)")
            await service.app.inflio.generator.drain()
        }
    }
}
