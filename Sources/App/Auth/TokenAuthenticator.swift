import Fluent
import SQLKit
import Vapor

/// Signs a request in from `Authorization: Bearer <token>` or the session cookie: one of our
/// opaque tokens, or, when a JWKS is configured, an external JWT (also from Clerk's `__session`
/// cookie). Requests with none that verifies stay anonymous; routes that need a user call
/// `requireUser()`.
struct TokenAuthenticator: AsyncMiddleware {
    static let cookieName = "inflio_session"
    static let externalCookieName = "__session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let user = try await Self.user(for: request) {
            request.auth.login(user)
        }
        return try await next.respond(to: request)
    }

    static func user(for request: Request) async throws -> AuthenticatedUser? {
        let bearer = request.headers.bearerAuthorization?.token
        if let external = request.inflio.externalTokens,
            let token = bearer ?? request.cookies[externalCookieName]?.string,
            ExternalTokenVerifier.looksLikeJWT(token),
            let named = await external.subject(for: token)
        {
            // The (issuer, sub) row's own id: a `sub` is never taken for a local account's id.
            let id = try await ExternalIdentity.userID(issuer: named.issuer, subject: named.subject, on: request.db)
            return AuthenticatedUser(id: id.uuidString, email: named.email)
        }
        // A stale external cookie must not hide a valid local session, hence no early return above.
        guard let token = bearer ?? request.cookies[cookieName]?.string else { return nil }
        return try await user(for: token, on: request.db)
    }

    /// One query on every signed-in request, hence plain SQL rather than two model loads.
    static func user(for token: String, on db: any Database) async throws -> AuthenticatedUser? {
        let query: SQLQueryString = """
            SELECT u.id AS id, u.email AS email, t.expires_at AS expires_at
            FROM user_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: Tokens.hash(token))
            """
        guard let row = try await db.sql().raw(query).first() else { return nil }
        if let expiry = try row.decode(column: "expires_at", as: Date?.self), expiry < Date() { return nil }
        return AuthenticatedUser(
            id: try row.decode(column: "id", as: UUID.self).uuidString,
            email: try row.decode(column: "email", as: String.self))
    }
}
