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

    /// The flat infrastructure error (`{detail, error_type}`, type also in `X-Fal-Error-Type`).
    static func infrastructureError(_ code: Int) -> Response {
        let (detail, type): (String, String) =
            switch code {
            case 429: ("Too many requests in progress", "rate_limited")
            case 502: ("Bad gateway", "bad_gateway")
            case 503: ("No runner could be scheduled for the request", "runner_scheduling_failure")
            case 504: ("Request timed out", "request_timeout")
            default: ("Internal server error", "internal_server_error")
            }
        var headers = [("X-Fal-Error-Type", type)]
        if [429, 502, 503, 504].contains(code) { headers.append(("X-Fal-Retryable", "true")) }
        return json(
            HTTPResponseStatus(statusCode: code), object: ["detail": detail, "error_type": type], headers: headers)
    }

    /// A 422 with a `detail` list, as FAL's validation and policy errors.
    static func validationBody(loc: [String], message: String, type: String) -> [UInt8] {
        let entry: [String: Any] = ["loc": loc, "msg": message, "type": type]
        return Array(
            (try? JSONSerialization.data(withJSONObject: ["detail": [entry]], options: [.sortedKeys])) ?? Data())
    }

    static func contentPolicyBody() -> [UInt8] {
        validationBody(
            loc: ["body", "prompt"], message: "The prompt was flagged by the content checker.",
            type: "content_policy_violation")
    }

    static func sse(_ body: @escaping @Sendable (any AsyncBodyStreamWriter) async throws -> Void) -> Response {
        let response = Response(status: .ok, body: .init(asyncStream: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/event-stream")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return response
    }

    static func event(_ data: [UInt8], name: String? = nil) -> ByteBuffer {
        ByteBuffer(
            string: (name.map { "event: \($0)\n" } ?? "") + "data: " + String(decoding: data, as: UTF8.self) + "\n\n")
    }
}
