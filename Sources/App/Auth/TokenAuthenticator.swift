import Fluent
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
           let token = bearer ?? request.cookies[externalCookieName]?.string, ExternalTokenVerifier.looksLikeJWT(token),
           let user = await external.user(for: token) {
            return user
        }
        // A stale external cookie must not hide a valid local session, hence no early return above.
        guard let token = bearer ?? request.cookies[cookieName]?.string else { return nil }
        return try await user(for: token, on: request.db)
    }

    static func user(for token: String, on db: any Database) async throws -> AuthenticatedUser? {
        guard let stored = try await UserToken.query(on: db).filter(\.$tokenHash == Tokens.hash(token)).with(\.$user).first() else {
            return nil
        }
        if let expiry = stored.expiresAt, expiry < Date() { return nil }
        return AuthenticatedUser(id: try stored.user.requireID().uuidString, email: stored.user.email)
    }
}
