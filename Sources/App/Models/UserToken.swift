import Fluent
import Vapor

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
    /// An API token's name, given when it was made ("deploy script"); sessions have none.
    @OptionalField(key: "name") var name: String?
    /// When and from where it was last used, written at most once a minute (`TokenAuthenticator`).
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "last_used_ip") var lastUsedIP: String?
    /// The browser or client it was last used from (its User-Agent, shortened).
    @OptionalField(key: "user_agent") var userAgent: String?

    init() {}
    init(userID: UUID, tokenHash: String, kind: Kind, expiresAt: Date?, name: String? = nil) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.kind = kind
        self.expiresAt = expiresAt
    }
}
