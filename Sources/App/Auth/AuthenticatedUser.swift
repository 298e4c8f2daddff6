import Vapor

/// Who is calling. `id` scopes every query: a local account's UUID string, or, with a JWKS, the
/// UUID string of the JWT's (issuer, `sub`) row in `external_identities` (never the `sub` itself).
struct AuthenticatedUser: Authenticatable, Sendable {
    let id: String
    let email: String?
    /// The row of the token this request came with (a session or an API token); nil for an
    /// identity provider's JWT and for work done on a user's behalf (the command line).
    var tokenID: UUID? = nil
    /// An identity provider's user: when they last signed in there (`auth_time` or `iat`).
    var authenticatedAt: Date? = nil
}

extension Request {
    /// The signed-in user, or 401.
    func requireUser() throws -> AuthenticatedUser {
        guard let user = auth.get(AuthenticatedUser.self) else { throw ServiceError.unauthorized }
        return user
    }

    /// The signed-in user and their `users` row, for what only a local account has (a password,
    /// our tokens). An identity provider's user has none (their id is their `external_identities`
    /// row's) and is refused, 409 `external_account`, with `why`.
    func requireLocalAccount(_ why: String) async throws -> (caller: AuthenticatedUser, user: User) {
        let caller = try requireUser()
        guard let id = UUID(uuidString: caller.id), let user = try await User.find(id, on: db) else {
            throw ServiceError(.conflict, "external_account", why)
        }
        return (caller, user)
    }
}

/// Opaque random tokens; only their SHA-256 is stored.
public enum Tokens {
    /// A random password for accounts made from the command line.
    public static func randomPassword() -> String { String(generate().dropFirst(4).prefix(16)) }

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "inf_"
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
                of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}
