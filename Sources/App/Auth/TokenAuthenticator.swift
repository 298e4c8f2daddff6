import Fluent
import Vapor

/// Signs a request in from `Authorization: Bearer <token>` or the session cookie. Requests with
/// neither stay anonymous; routes that need a user call `requireUser()`.
struct TokenAuthenticator: AsyncMiddleware {
    static let cookieName = "inflio_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.headers.bearerAuthorization?.token ?? request.cookies[Self.cookieName]?.string,
           let user = try await Self.user(for: token, on: request.db) {
            request.auth.login(user)
        }
        return try await next.respond(to: request)
    }

    static func user(for token: String, on db: any Database) async throws -> AuthenticatedUser? {
        guard let stored = try await UserToken.query(on: db).filter(\.$tokenHash == Tokens.hash(token)).with(\.$user).first() else {
            return nil
        }
        if let expiry = stored.expiresAt, expiry < Date() { return nil }
        return AuthenticatedUser(id: try stored.user.requireID().uuidString, email: stored.user.email)
    }
}
