import Fluent
import Vapor

/// The sessions and API tokens page's routes (issue 18): `GET /api/account/tokens`, `POST
/// /api/account/tokens {name, password}` (the token shown once; the password because a lasting
/// token must not be one click away for whoever holds a session), `DELETE
/// /api/account/tokens/:tokenID`. Revoking deletes the row, so the token stops working at once.
enum AccountTokens {
    static func register(_ account: any RoutesBuilder) {
        account.get("tokens", use: list)
        account.post("tokens", use: create)
        account.delete("tokens", ":tokenID", use: revoke)
    }

    /// One session or API token as the page lists it. Never the token itself.
    struct Listed: Content {
        let id: UUID
        let kind: String
        let name: String?
        let createdAt: Date?
        let lastUsedAt: Date?
        let lastUsedFrom: String?
        let userAgent: String?
        let expiresAt: Date?
        /// The one this request came with: revoking it signs this browser out.
        let current: Bool

        init(_ token: UserToken, current: UUID?) throws {
            id = try token.requireID()
            kind = token.kind.rawValue
            name = token.name
            createdAt = token.createdAt
            lastUsedAt = token.lastUsedAt
            lastUsedFrom = token.lastUsedIP
            userAgent = token.userAgent
            expiresAt = token.expiresAt
            self.current = id == current
        }
    }

    struct Listing: Content {
        let success = true
        let tokens: [Listed]
    }

    static func list(_ req: Request) async throws -> Listing {
        let (caller, user) = try await req.requireLocalAccount(sessionsElsewhere)
        return Listing(
            tokens: try await tokens(of: try user.requireID(), on: req.db).map {
                try Listed($0, current: caller.tokenID)
            })
    }

    /// A user's live tokens, newest first; expired sessions are dropped on the way.
    static func tokens(of userID: UUID, on db: any Database) async throws -> [UserToken] {
        try await UserToken.query(on: db).filter(\.$user.$id == userID).filter(\.$expiresAt < Date()).delete()
        return try await UserToken.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all()
    }

    static let maxNameCharacters = 60

    struct Created: Content {
        let success = true
        /// The token itself: shown once, never again (only its hash is stored).
        let token: String
        let listed: Listed
    }

    static func create(_ req: Request) async throws -> Response {
        let (caller, user) = try await req.requireLocalAccount(sessionsElsewhere)
        struct Body: Content {
            let name: String
            let password: String?
        }
        let body = try req.content.decode(Body.self)
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= maxNameCharacters,
            !name.unicodeScalars.contains(where: { [.control, .format].contains($0.properties.generalCategory) })
        else {
            throw ServiceError(
                .badRequest, "invalid_token_name",
                "Name the token (1 to \(maxNameCharacters) characters), for example after the script that uses it.",
                details: .object(["field": .string("name")]))
        }
        try await req.confirmPassword(body.password, of: user)
        let token = try await req.accounts.issueToken(for: user, kind: .api, name: name)
        await req.audit.record(.tokenCreated, user: caller.id, ip: req.clientAddress, detail: "api (page)")
        guard let row = try await UserToken.query(on: req.db).filter(\.$tokenHash == Tokens.hash(token)).first() else {
            throw ServiceError.notFound("The new token")
        }
        let response = Response(status: .created)
        try response.content.encode(Created(token: token, listed: try Listed(row, current: caller.tokenID)))
        return response
    }

    static func revoke(_ req: Request) async throws -> Response {
        let (caller, user) = try await req.requireLocalAccount(sessionsElsewhere)
        let userID = try user.requireID()
        guard let id = req.parameters.get("tokenID").flatMap(UUID.init(uuidString:)),
            let token = try await revoke(id, of: userID, on: req.db)
        else { throw ServiceError.notFound("This token") }
        await req.audit.record(.tokenRevoked, user: caller.id, ip: req.clientAddress, detail: token.kind.rawValue)
        let response = Response(status: .ok)
        try response.content.encode(["success": true])
        if id == caller.tokenID { SessionCookies.expire(on: response) }
        return response
    }

    /// Deletes one of the user's tokens (it fails from its next request on); nil when the user has
    /// no such token. Also `inflio user tokens --revoke`.
    static func revoke(_ id: UUID, of userID: UUID, on db: any Database) async throws -> UserToken? {
        guard let token = try await UserToken.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first()
        else { return nil }
        try await token.delete(on: db)
        return token
    }

    /// Tokens are a local account's: an identity provider's users sign in there.
    static let sessionsElsewhere = "This account signs in through your identity provider, which manages its sessions."
}
