import Vapor

/// What the server gzips (configure.swift): the page's own files, asked for whole. Not the API's
/// answers, where a session token can sit beside what a request sent (a compressed length can
/// give it away), nor the event stream, which a compressor would hold back, nor images, already
/// compressed. Never a HEAD answer: NIO's compressor would still write an empty gzip stream
/// after the headers, about 20 bytes that a kept-alive connection (nginx's to us, in the
/// cluster) reads as the start of the next answer. Nor part of a file: a Range answer counts the
/// file's bytes, not the gzip's. Every answer of these types says it varies with
/// Accept-Encoding, so a cache in between keeps the two apart.
struct StaticCompression: AsyncMiddleware {
    static let types: HTTPMediaTypeSet = [
        .html, .css, HTTPMediaType(type: "application", subType: "javascript"), .svg,
    ]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard let type = response.headers.contentType, Self.types.contains(type) else { return response }
        response.headers.add(name: .vary, value: "Accept-Encoding")
        if request.method == .HEAD || response.status == .partialContent {
            response.headers.responseCompression = .disable
        }
        return response
    }
}
