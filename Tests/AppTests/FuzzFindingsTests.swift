import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// What `make fuzz` found, sent to a live service: each used to stop the process.
@Suite struct FuzzFindingsTests {
    /// A part header whose name has a byte of 128 or more (0xD2 here, as the fuzzer found it):
    /// MultipartKit 4.7.1's parser indexed past its table and the process stopped.
    static func bodyWithHighByteInHeaderName(boundary: String) -> ByteBuffer {
        var body = Array("--\(boundary)\r\nContent-Disposition".utf8)
        body.append(0xD2)
        body += Array(": form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\nxyz\r\n--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    @Test func aHighByteInAMultipartHeaderNameIsRefusedAndTheServiceStaysUp() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            let draft = try await service.createDraft(token: token)
            let type = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "fz"])
            let body = Self.bodyWithHighByteInHeaderName(boundary: "fz")

            // An upload route reads it with our parser: a plain 400.
            let upload = try await service.send(
                .POST, "/api/personas/\(draft.persona.id)/photos", token: token, body: body, contentType: type)
            #expect(upload.status == .badRequest && upload.errorCode == "invalid_multipart", "\(upload.text)")
            // A JSON route never hands form-data to Vapor's decoder (MultipartKit's parser).
            for path in ["/api/onboarding/consent", "/api/personas"] {
                let json = try await service.send(.POST, path, token: token, body: body, contentType: type)
                #expect(
                    json.status == .unsupportedMediaType && json.errorCode == "expected_json", "\(path): \(json.text)")
            }
            let health = try await service.send(.GET, "/health")
            #expect(health.status == .ok)
        }
    }
}
