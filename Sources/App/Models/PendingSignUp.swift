import Fluent
import Foundation

/// A sign-up whose address is not confirmed yet: the password's bcrypt hash and the SHA-256 of
/// the token the mailed link carries (a database leak does not leak working links).
final class PendingSignUp: Model, @unchecked Sendable {
    static let schema = "pending_sign_ups"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // data
    @Field(key: "email") var email: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
    init(email: String, passwordHash: String, tokenHash: String, expiresAt: Date) {
        self.email = email
        self.passwordHash = passwordHash
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}
