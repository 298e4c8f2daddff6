import PersonaKit
import Vapor

/// Every error the API answers: a stable code, a sentence for people, optional details, and an
/// honest HTTP status. Rendered as `{success: false, error: {code, message, details}}`.
public struct ServiceError: Error, AbortError, Sendable, CustomStringConvertible {
    public let status: HTTPResponseStatus
    public let code: String
    public let message: String
    public let details: JSONValue?
    /// Seconds until trying again is worth it: sent as `Retry-After` (429s).
    public var retryAfter: Int?

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

/// Turns every thrown error into the JSON error shape, including Vapor's own (404 for an unknown
/// route, 415 for a wrong content type...), and never leaks internals: a body that does not decode
/// is described in plain words (which field, what it must be), never with Swift's type names or
/// coding paths, and Vapor's own reasons are replaced by ours (the original is logged).
struct ServiceErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as ServiceError {
            if let kind = AuditLog.kind(forRefusal: error.code) {
                await request.audit.record(
                    kind, user: request.auth.get(AuthenticatedUser.self)?.id, ip: request.clientAddress,
                    detail: "\(error.code) \(request.method) \(request.url.path)")
            }
            return Self.response(error)
        } catch let decoding as DecodingError {
            // Before AbortError: Vapor makes DecodingError one, with Swift's words as its reason.
            request.logger.debug("request body did not decode: \(String(reflecting: decoding))")
            return Self.response(Self.invalidRequest(decoding))
        } catch let abort as any AbortError {
            request.logger.debug("request refused: \(abort.status.code) \(abort.reason)")
            return Self.response(Self.ours(abort))
        } catch {
            request.logger.error("unexpected error: \(String(reflecting: error))")
            return Self.response(
                ServiceError(.internalServerError, "internal_error", "Something went wrong on our side."))
        }
    }

    /// `invalid_request` (400) naming the field that is missing or of the wrong kind.
    static func invalidRequest(_ error: DecodingError) -> ServiceError {
        func name(_ path: [any CodingKey]) -> String {
            path.reduce("") { name, key in
                if let index = key.intValue { return "\(name)[\(index)]" }
                return name.isEmpty ? key.stringValue : "\(name).\(key.stringValue)"
            }
        }
        let message: String
        var field: String?
        switch error {
        case .keyNotFound(let key, let context):
            field = name(context.codingPath + [key])
            message = "The field \(field!) is missing."
        case .valueNotFound(let type, let context) where !context.codingPath.isEmpty:
            field = name(context.codingPath)
            message = "The field \(field!) must be \(kind(type)), not null."
        case .typeMismatch(let type, let context) where !context.codingPath.isEmpty:
            field = name(context.codingPath)
            message = "The field \(field!) must be \(kind(type))."
        case .typeMismatch, .valueNotFound:
            message = "The request body must be a JSON object."
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            field = name(context.codingPath)
            message = "The field \(field!) is not valid."
        default:
            message = "The request body is not valid JSON."
        }
        return ServiceError(
            .badRequest, "invalid_request", message, details: field.map { .object(["field": .string($0)]) })
    }

    /// What a client must send, in words, for a type a body field is decoded as.
    static func kind(_ type: Any.Type) -> String {
        var name = String(describing: type)
        if name.hasPrefix("Optional<") { name = String(name.dropFirst("Optional<".count).dropLast()) }
        switch name {
        case "String", "Substring", "Character", "UUID", "Date", "URL": return "text"
        case "Bool": return "true or false"
        case "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64":
            return "a whole number"
        case "Double", "Float", "Decimal": return "a number"
        default:
            return name.hasPrefix("Array<") || name.hasPrefix("Set<") || name.hasPrefix("[") ? "a list" : "an object"
        }
    }

    /// Vapor's own refusals (unknown route, wrong content type, body too large...) with our code
    /// and our words.
    static func ours(_ abort: any AbortError) -> ServiceError {
        let code = abort.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
        let message: String
        switch abort.status {
        case .notFound: message = "There is nothing at this address."
        case .methodNotAllowed: message = "This address does not answer that method."
        case .unsupportedMediaType: message = "Send the body as JSON, with Content-Type: application/json."
        case .payloadTooLarge: message = "The request body is too large."
        case .badRequest: message = "The request could not be read."
        case .unauthorized: return ServiceError.unauthorized
        default: message = "The request could not be handled (\(abort.status.code) \(abort.status.reasonPhrase))."
        }
        return ServiceError(abort.status, code, message)
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
        if let seconds = error.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
        return response
    }
}
