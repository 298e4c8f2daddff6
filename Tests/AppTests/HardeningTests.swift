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

    // MARK: 13. Internals in messages

    /// Malformed bodies against several routes: `invalid_request`, a sentence naming the field,
    /// never Swift's types or coding paths.
    @Test func malformedBodiesAreDescribedInPlainWords() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let cases: [(path: String, body: String, message: String)] = [
                ("/api/auth/signup", #"{"email": "a@example.com"}"#, "The field password is missing."),
                ("/api/auth/signup", #"{"email": 5, "password": "long enough"}"#, "The field email must be text."),
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
            let text = try await service.send(
                .POST, "/api/auth/login", body: ByteBuffer(string: "<email/>"), contentType: .xml)
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
