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

    init() {}
    init(userID: UUID, tokenHash: String, kind: Kind, expiresAt: Date?) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.kind = kind
        self.expiresAt = expiresAt
    }
}
