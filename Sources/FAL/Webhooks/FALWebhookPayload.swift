import Foundation

/// What FAL POSTs to a webhook: `{request_id, gateway_request_id, status: "OK"|"ERROR", payload,
/// error?, payload_error?}`. On success `payload` is the model output; on error it is the error
/// body (e.g. a 422's `detail` list) and `error` says e.g. `Invalid status code: 422`.
public struct FALWebhookPayload: Sendable, Decodable {
    public let requestId: String
    public let gatewayRequestId: String?
    public let status: String
    public let error: String?
    /// Why `payload` is null, when FAL could not serialise it.
    public let payloadError: String?
    /// `payload` as raw JSON, to decode as the model's output (or as an error body).
    public let payloadJSON: [UInt8]?

    public var succeeded: Bool { status.uppercased() == "OK" }

    enum CodingKeys: String, CodingKey {
        case requestId = "request_id"
        case gatewayRequestId = "gateway_request_id"
        case status, error, payload
        case payloadError = "payload_error"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requestId = try c.decode(String.self, forKey: .requestId)
        gatewayRequestId = try? c.decodeIfPresent(String.self, forKey: .gatewayRequestId)
        status = (try? c.decode(String.self, forKey: .status)) ?? "ERROR"
        error = try? c.decodeIfPresent(String.self, forKey: .error)
        payloadError = try? c.decodeIfPresent(String.self, forKey: .payloadError)
        let any = try? c.decodeIfPresent(AnyJSON.self, forKey: .payload)
        payloadJSON = any.flatMap { try? Array(JSONEncoder().encode($0)) }
    }

    /// The model output of a successful delivery.
    public func output<Output: Decodable>(as type: Output.Type = Output.self) throws -> Output {
        guard succeeded, let payloadJSON else {
            throw FALError.invalidResponse("the webhook carries no output (\(error ?? payloadError ?? status))")
        }
        return try FALJSON.decode(payloadJSON, what: "the webhook payload")
    }

    /// The error of a failed delivery, parsed like an HTTP error answer (status from `error`).
    public var apiError: FALAPIError? {
        guard !succeeded else { return nil }
        let status = error.flatMap { $0.split(separator: " ").last.flatMap { Int($0) } } ?? 500
        return FALAPIError(status: status, header: { _ in nil }, body: payloadJSON ?? Array((error ?? "").utf8))
    }
}

/// Any JSON value, to carry `payload` through untouched in meaning.
enum AnyJSON: Codable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([AnyJSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: AnyJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            // Whole numbers stay integers (a seed, a width), so `Int` fields still decode.
            if n == n.rounded(), abs(n) < 1e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
