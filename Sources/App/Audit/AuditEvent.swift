import Fluent
import Foundation

/// One security event (issue 13): who, from where, what. Read with `inflio audit`. Never holds a
/// password, a token or a face descriptor; a failed sign-in names the account it was aimed at.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case accountCreated = "account_created"
        case signIn = "sign_in"
        case signInFailed = "sign_in_failed"
        case signInThrottled = "sign_in_throttled"
        case tokenCreated = "token_created"
        case tokenRevoked = "token_revoked"
        case personaDeleted = "persona_deleted"
        case quotaHit = "quota_hit"
        case crossSiteRefused = "cross_site_refused"
        case passwordChanged = "password_changed"
        case passwordResetAsked = "password_reset_asked"
        case accountExported = "account_exported"
        case accountDeleted = "account_deleted"
    }

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "kind") var kind: Kind
    /// The user's id when known (signed in, or the account a sign-in was aimed at).
    @OptionalField(key: "user_id") var userID: String?
    /// The account named, for sign-in events: the canonical email.
    @OptionalField(key: "account") var account: String?
    @OptionalField(key: "ip") var ip: String?
    /// A short word on what happened: a route, a quota's code, a token's kind.
    @OptionalField(key: "detail") var detail: String?

    init() {}

    init(kind: Kind, userID: String?, account: String?, ip: String?, detail: String?) {
        self.kind = kind
        self.userID = userID
        self.account = account
        self.ip = ip
        self.detail = detail
    }
}
