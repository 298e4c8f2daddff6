import Testing
import Vapor

@testable import App

/// The page's own files go gzipped to a browser that asks (the launchpad's first visit was 174 KB
/// as stored, over its 150 KB goal; 70 KB so); the API's answers do not, where a session token
/// sits beside what the request sent and a compressed length could give it away.
@Suite struct CompressionTests {
    static let gzip: HTTPHeaders = ["Accept-Encoding": "gzip"]

    /// A static file, fetched past the API's contract check (the page's files are not API).
    static func file(_ path: String, from service: TestService, headers: HTTPHeaders = [:]) async throws
        -> ClientResponse
    {
        try await service.app.client.send(ClientRequest(method: .GET, url: service.url(path), headers: headers))
    }

    @Test func thePagesFilesAreCompressedTheAPIsAnswersAreNot() async throws {
        try await TestService.with { service in
            for path in ["/", "/app.css", "/js/app.js"] {
                let file = try await Self.file(path, from: service, headers: Self.gzip)
                #expect(file.status == .ok, "\(path)")
                #expect(file.headers.first(name: .contentEncoding) == "gzip", "\(path)")
                let bytes = file.body.map { Array($0.readableBytesView.prefix(2)) }
                #expect(bytes == [0x1f, 0x8b], "\(path): a gzip stream starts with its magic number")
            }
            // Not asked for, not compressed.
            let plain = try await Self.file("/app.css", from: service)
            #expect(plain.headers.first(name: .contentEncoding) == nil)
            let signup = try await service.send(
                .POST, "/api/auth/signup", headers: Self.gzip,
                json: ["email": "gzip@example.com", "password": "long enough pass"])
            #expect(signup.status == .created && signup.headers.first(name: .contentEncoding) == nil)
            let me = try await service.send(.GET, "/api/auth/me", headers: Self.gzip)
            #expect(me.status == .unauthorized && me.headers.first(name: .contentEncoding) == nil)
        }
    }
}
