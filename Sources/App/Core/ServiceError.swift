import Vapor

/// Every error the API answers: a stable code, a sentence for people, optional details, and an
/// honest HTTP status. Rendered as `{success: false, error: {code, message, details}}`.
public struct ServiceError: Error, AbortError, Sendable, CustomStringConvertible {
    public let status: HTTPResponseStatus
    public let code: String
    public let message: String
    public let details: JSONValue?

    public init(_ status: HTTPResponseStatus, _ code: String, _ message: String, details: JSONValue? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    public var reason: String { message }
    public var description: String { "\(message) (\(code))" }

    static func notFound(_ what: String) -> ServiceError { .init(.notFound, "not_found", "\(what) was not found.") }
    static let unauthorized = ServiceError(
        .unauthorized, "unauthorized", "Sign in, or send an API token as `Authorization: Bearer …`.")
}

/// A small JSON tree for error details and event payloads.
public indirect enum JSONValue: Codable, Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .number(let n): try c.encode(n)
        case .bool(let b): try c.encode(b)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        case .null: try c.encodeNil()
        }
    }

    /// Converts any Encodable value (through JSON) into a tree.
    public static func from<T: Encodable>(_ value: T) -> JSONValue {
        guard let data = try? JSONEncoder().encode(value),
            let tree = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return .null }
        return tree
    }
}

/// Turns every thrown error into the JSON error shape, including Vapor's own (404 for an unknown
/// route, 415 for a wrong content type...), and never leaks internals of unexpected errors.
struct ServiceErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as ServiceError {
            return Self.response(error)
        } catch let abort as any AbortError {
            let code = abort.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return Self.response(ServiceError(abort.status, code, abort.reason))
        } catch let decoding as DecodingError {
            return Self.response(
                ServiceError(
                    .badRequest, "invalid_request", "The request body is not valid: \(decoding.localizedDescription)"))
        } catch {
            request.logger.error("unexpected error: \(String(reflecting: error))")
            return Self.response(
                ServiceError(.internalServerError, "internal_error", "Something went wrong on our side."))
        }
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let details: JSONValue?
        }
        let success = false
        let error: Detail
    }

    static func response(_ error: ServiceError) -> Response {
        let body = Body(error: .init(code: error.code, message: error.message, details: error.details))
        let response = Response(status: error.status, body: .init(data: (try? JSONEncoder().encode(body)) ?? Data()))
        response.headers.contentType = .json
        return response
    }
}
