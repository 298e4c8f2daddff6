import Testing
import Vapor

@testable import App

/// The page's own files go gzipped to a browser that asks (the launchpad's first visit was 174 KB
/// as stored, over its 150 KB goal; 70 KB so); the API's answers do not, where a session token
/// sits beside what the request sent and a compressed length could give it away.
@Suite struct CompressionTests {
    static let gzip: HTTPHeaders = ["Accept-Encoding": "gzip"]

    /// A static file, fetched past the API's contract check (the page's files are not API).
    static func file(
        _ path: String, from service: TestService, method: HTTPMethod = .GET, headers: HTTPHeaders = [:]
    ) async throws -> ClientResponse {
        try await service.app.client.send(ClientRequest(method: method, url: service.url(path), headers: headers))
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
            // Not asked for, not compressed; either way a cache is told the answer varies.
            let plain = try await Self.file("/app.css", from: service)
            #expect(plain.headers.first(name: .contentEncoding) == nil)
            #expect(plain.headers[.vary].contains("Accept-Encoding"))
            // A HEAD answer has no body: gzipped, an empty stream (about 20 bytes) followed the
            // headers, and a kept-alive connection read it as the next answer's start.
            let head = try await Self.file("/app.css", from: service, method: .HEAD, headers: Self.gzip)
            #expect(head.status == .ok && head.headers.first(name: .contentEncoding) == nil)
            #expect((head.body?.readableBytes ?? 0) == 0)
            let next = try await Self.file("/js/app.js", from: service, headers: Self.gzip)
            #expect(next.status == .ok && next.headers.first(name: .contentEncoding) == "gzip")
            // Part of a file: its bytes as stored (the range counts them, not the gzip's).
            var range = Self.gzip
            range.add(name: .range, value: "bytes=0-99")
            let part = try await Self.file("/app.css", from: service, headers: range)
            #expect(part.status == .partialContent && part.headers.first(name: .contentEncoding) == nil)
            let stored = [UInt8](
                try Data(contentsOf: URL(fileURLWithPath: WebAssets.directory + "app.css")).prefix(100))
            #expect(part.body.map { Array($0.readableBytesView) } == stored)
            let signup = try await service.send(
                .POST, "/api/auth/signup", headers: Self.gzip,
                json: ["email": "gzip@example.com", "password": "long enough pass"])
            #expect(signup.status == .created && signup.headers.first(name: .contentEncoding) == nil)
            let me = try await service.send(.GET, "/api/auth/me", headers: Self.gzip)
            #expect(me.status == .unauthorized && me.headers.first(name: .contentEncoding) == nil)
        }
    }
}
