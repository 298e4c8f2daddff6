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
        let user = try await Self.user(for: request)
        if let user { request.auth.login(user) }
        if user == nil, request.headers.bearerAuthorization == nil, request.cookies[SessionCookies.hintName] != nil {
            // The readable twin outlived its session (revoked from another device, expired, or
            // its account deleted): it goes with this answer, else every page load would ask who
            // is signed in and log the 401. The answer is usually a refusal, thrown: the error
            // middleware is run here so the refusal is a response that can carry the cookies.
            let response = try await ServiceErrorMiddleware().respond(to: request, chainingTo: next)
            if response.cookies[Self.cookieName] == nil { SessionCookies.expire(on: response) }
            return response
        }
        let response = try await next.respond(to: request)
        // A session cookie from before its readable twin existed (`SessionCookies`) gets the
        // twin, unless this answer sets or ends the session itself.
        if user != nil, request.headers.bearerAuthorization == nil, request.cookies[Self.cookieName] != nil,
            request.cookies[SessionCookies.hintName] == nil, response.cookies[Self.cookieName] == nil
        {
            SessionCookies.setHint(on: response, secure: request.inflio.config.servesHTTPS)
        }
        return response
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
            return AuthenticatedUser(id: id.uuidString, email: named.email, authenticatedAt: named.authenticatedAt)
        }
        // A stale external cookie must not hide a valid local session, hence no early return above.
        guard let token = bearer ?? request.cookies[cookieName]?.string else { return nil }
        return try await user(for: token, on: request.db, from: request)
    }

    /// How stale a token's "last used" may get: it is written at most this often, not on every request.
    static let lastUseResolution: TimeInterval = 60

    /// One query on every signed-in request, hence plain SQL rather than two model loads; a second
    /// one, at most once a minute per token, notes when and from where it was used.
    static func user(for token: String, on db: any Database, from request: Request? = nil) async throws
        -> AuthenticatedUser?
    {
        let query: SQLQueryString = """
            SELECT u.id AS id, u.email AS email, t.id AS token_id, t.expires_at AS expires_at,
                t.last_used_at AS last_used_at
            FROM user_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: Tokens.hash(token))
            """
        guard let row = try await db.sql().raw(query).first() else { return nil }
        let now = Date()
        if let expiry = try row.decode(column: "expires_at", as: Date?.self), expiry < now { return nil }
        let tokenID = try row.decode(column: "token_id", as: UUID.self)
        if let request {
            let lastUsed = try row.decode(column: "last_used_at", as: Date?.self)
            if lastUsed.map({ now.timeIntervalSince($0) >= lastUseResolution }) ?? true {
                // A note, not the request's business: a failed write must not refuse the request.
                do { try await noteUse(of: tokenID, at: now, by: request, on: db) } catch {
                    request.logger.warning("token use not noted: \(error)")
                }
            }
        }
        return AuthenticatedUser(
            id: try row.decode(column: "id", as: UUID.self).uuidString,
            email: try row.decode(column: "email", as: String.self), tokenID: tokenID)
    }

    private static func noteUse(of tokenID: UUID, at now: Date, by request: Request, on db: any Database)
        async throws
    {
        // Only if still stale: of the requests a page sends at once, one writes.
        try await UserToken.query(on: db).filter(\.$id == tokenID)
            .group(.or) {
                $0.filter(\.$lastUsedAt == nil).filter(\.$lastUsedAt < now.addingTimeInterval(-lastUseResolution))
            }
            .set(\.$lastUsedAt, to: now).set(\.$lastUsedIP, to: request.clientAddress)
            .set(\.$userAgent, to: request.shortUserAgent).update()
    }
}

extension Request {
    /// The caller's User-Agent, cut to 200 characters: kept to tell sessions apart on the tokens page.
    var shortUserAgent: String? { headers.first(name: .userAgent).map { String($0.prefix(200)) } }
}
