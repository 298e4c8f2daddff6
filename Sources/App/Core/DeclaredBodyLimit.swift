import Imaging
import Vapor

/// Refuses a body whose declared `Content-Length` is more than its route takes, before a byte of it
/// is read (issue 13, finding 12): JSON routes take 64 KB, which Vapor enforces only by reading up
/// to it; the upload routes stream and count as they read, which a declared length can spare.
/// Bodies sent without a length (chunked) are still cut by those limits while reading.
struct DeclaredBodyLimit: AsyncMiddleware {
    /// Room for the multipart framing and text fields around the files.
    static let framing = 1 << 20
    static let jsonLimit = 64 * 1024

    /// The most the route of `method path` reads; nil for the capture check, which refuses a
    /// declared length itself, with its own code (`frame_too_large`).
    static func limit(method: HTTPMethod, path: String) -> Int? {
        let parts = path.split(separator: "/")
        guard method == .POST, parts.first == "api" else { return jsonLimit }
        let photo = DecodeLimits.uploads.maxFileBytes
        switch parts.dropFirst().map(String.init) {
        case ["personas", "create"]: return PersonaIntake.maxPhotos * photo + framing
        case let route where route.count == 3 && route[0] == "personas" && route[2] == "photos": return photo + framing
        case ["capture", "check"]: return nil
        case ["brand", "extract"]: return BrandPDFError.maxBytes + framing
        case ["brand", "accept"]: return BrandController.maxLogoBytes + framing
        case ["webhooks", "fal"]: return FALWebhookController.maxBodyBytes
        default: return jsonLimit
        }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init) {
            if let limit = Self.limit(method: request.method, path: request.url.path), declared > limit {
                throw ServiceError(
                    .payloadTooLarge, "payload_too_large",
                    "The request body is larger than this route takes (at most \(Self.describe(limit))).",
                    details: .object(["maxBytes": .number(Double(limit))]))
            }
        }
        return try await next.respond(to: request)
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes >> 10) KB"
    }
}
