import Foundation
import Vapor

/// Answers shaped like FAL's.
extension FakeFALServer {
    static func json(_ status: HTTPResponseStatus, _ body: [UInt8], headers: [(String, String)] = []) -> Response {
        var httpHeaders = HTTPHeaders(headers)
        httpHeaders.replaceOrAdd(name: .contentType, value: "application/json")
        return Response(status: status, headers: httpHeaders, body: .init(buffer: ByteBuffer(bytes: body)))
    }

    static func json(_ status: HTTPResponseStatus, object: Any, headers: [(String, String)] = []) -> Response {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return json(status, Array(data), headers: headers)
    }

    /// The flat infrastructure error (`{detail, error_type}`, type also in `X-Fal-Error-Type`),
    /// with types from FAL's table only (docs: model-apis/request-errors); a 429 carries none.
    static func infrastructureError(_ code: Int) -> Response {
        let (detail, type): (String, String?) =
            switch code {
            case 429: ("Too many requests", nil)
            case 500: ("An unexpected internal error occurred", "internal_error")
            case 502: ("The runner sent an incomplete response", "runner_incomplete_response")
            case 503: ("No runner could be allocated to handle the request", "runner_scheduling_failure")
            case 504: ("Request timed out", "request_timeout")
            case 499: ("The request was cancelled by the client", "client_cancelled")
            case 400: ("The request was malformed", "bad_request")
            default: ("Error \(code)", nil)
            }
        var object: [String: Any] = ["detail": detail]
        var headers: [(String, String)] = []
        if let type {
            object["error_type"] = type
            headers.append(("X-Fal-Error-Type", type))
        }
        return json(HTTPResponseStatus(statusCode: code), object: object, headers: headers)
    }

    /// A 422 with a `detail` list, as FAL's validation and policy errors.
    static func validationBody(loc: [String], message: String, type: String) -> [UInt8] {
        validationBody([FakeInputValidation.Problem(loc: loc, msg: message, type: type)])
    }

    static func validationBody(_ problems: [FakeInputValidation.Problem]) -> [UInt8] {
        Array(
            (try? JSONSerialization.data(
                withJSONObject: ["detail": problems.map(\.object)], options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data())
    }

    static func contentPolicyBody() -> [UInt8] {
        validationBody(
            loc: ["body", "prompt"], message: "The prompt was flagged by the content checker.",
            type: "content_policy_violation")
    }

    /// An event stream whose `body` ends it with `.end`. A body that throws (its client went away
    /// mid-stream) has the stream ended with `.error`: a stream left unended is a crash in debug builds.
    static func sse(_ body: @escaping @Sendable (any AsyncBodyStreamWriter) async throws -> Void) -> Response {
        let response = Response(
            status: .ok,
            body: .init(asyncStream: { writer in
                do {
                    try await body(writer)
                } catch {
                    try? await writer.write(.error(error))
                }
            }))
        response.headers.replaceOrAdd(name: .contentType, value: "text/event-stream")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return response
    }

    static func event(_ data: [UInt8], name: String? = nil) -> ByteBuffer {
        ByteBuffer(
            string: (name.map { "event: \($0)\n" } ?? "") + "data: " + String(decoding: data, as: UTF8.self) + "\n\n")
    }
}
