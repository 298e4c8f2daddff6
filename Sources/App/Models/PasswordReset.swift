import Fluent
import Foundation

/// A mailed password-reset link waiting to be used: the SHA-256 of its token (a database leak
/// does not leak working links), valid for `PasswordResetByMail.linkLifetime`, used once.
final class PasswordReset: Model, @unchecked Sendable {
    static let schema = "password_resets"

    // managed
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // references
    @Parent(key: "user_id") var user: User
    // data
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
    init(userID: UUID, tokenHash: String, expiresAt: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}
