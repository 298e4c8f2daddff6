import Fluent
import Vapor

/// A local account. With a JWKS configured, JWT users need no row here: their `sub` is their id.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // data
    @Field(key: "email") var email: String
    @Field(key: "password_hash") var passwordHash: String

    init() {}
    init(id: UUID? = nil, email: String, passwordHash: String) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
    }
}

/// A bearer credential: an API token for scripts or a browser session. Only its SHA-256 is
/// stored, so a database leak does not leak working tokens.
final class UserToken: Model, @unchecked Sendable {
    static let schema = "user_tokens"

    enum Kind: String, Codable { case api, session }

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // references
    @Parent(key: "user_id") var user: User
    // data
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "kind") var kind: Kind
    @OptionalField(key: "expires_at") var expiresAt: Date?

    init() {}
    init(userID: UUID, tokenHash: String, kind: Kind, expiresAt: Date?) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.kind = kind
        self.expiresAt = expiresAt
    }
}

/// The seed's `user_profiles`: per-user settings, starting with the default persona.
final class UserProfile: Model, @unchecked Sendable {
    static let schema = "user_profiles"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    // references
    @Field(key: "user_id") var userID: String
    @OptionalField(key: "default_persona_id") var defaultPersonaID: UUID?

    init() {}
    init(userID: String, defaultPersonaID: UUID?) {
        self.userID = userID
        self.defaultPersonaID = defaultPersonaID
    }
}
