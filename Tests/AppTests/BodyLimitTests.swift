import Foundation
import PersonaKit
import Testing
import Vapor

@testable import App

/// Issue 13, findings 6 and 12: bodies bigger than a route takes are refused early, and multipart
/// text fields are capped in number and size.
@Suite struct BodyLimitTests {
    /// A declared length over the route's limit is answered after the first bytes of the body.
    @Test func aDeclaredLengthOverTheLimitIsRefusedBeforeReading() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            for (path, type) in [
                ("/api/auth/login", "application/json"), ("/api/personas/create", "multipart/form-data; boundary=x"),
            ] {
                let head =
                    "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(service.port)\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: \(type)\r\nContent-Length: 10000000000\r\n\r\n"
                    // (Vapor hands a request on at its first body bytes: a few are sent, not 10 GB.)
                    + String(repeating: "z", count: 100)
                // On a thread of its own: a blocking read on one of the few cooperative threads
                // could keep the in-process server from answering.
                let port = service.port
                let answer = try await BackgroundThreads.run { try RawHTTP.exchange(port: port, head: head) }
                #expect(answer.hasPrefix("HTTP/1.1 413"), "\(path): \(answer.prefix(200))")
                #expect(answer.contains("payload_too_large"), "\(path): \(answer.suffix(300))")
            }
            #expect((DeclaredBodyLimit.limit(method: .POST, path: "/api/personas/abc/photos") ?? 0) > 25 << 20)
            #expect(DeclaredBodyLimit.limit(method: .POST, path: "/api/personas/abc/default") == 64 * 1024)
        }
    }

    /// 3,000 text fields (once read whole into memory) stop at the 17th; big fields stop at 256 KB
    /// in all. Nothing is stored.
    @Test func multipartTextFieldsAreCapped() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            var many = MultipartForm()
            for i in 0..<3000 { many.field("f\(i)", String(repeating: "x", count: 100)) }
            let refused = try await service.send(
                .POST, "/api/personas/create", token: token, body: many.body(), contentType: many.contentType)
            #expect(refused.status == .payloadTooLarge && refused.errorCode == "too_many_fields", "\(refused.text)")
            var big = MultipartForm()
            for i in 0..<5 { big.field("f\(i)", String(repeating: "y", count: 60_000)) }
            let tooBig = try await service.send(
                .POST, "/api/personas/create", token: token, body: big.body(), contentType: big.contentType)
            #expect(tooBig.status == .payloadTooLarge && tooBig.errorCode == "field_too_large", "\(tooBig.text)")
            #expect(try await service.storedCounts().personas == 0)
        }
    }
}
