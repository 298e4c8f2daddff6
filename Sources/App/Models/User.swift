import Fluent
import Vapor

/// A local account. With a JWKS configured, JWT users have no row here but one in
/// `external_identities` (`ExternalIdentity`), whose id is theirs.
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
