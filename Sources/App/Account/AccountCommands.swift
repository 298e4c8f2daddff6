import Fluent
import Vapor

/// What `inflio user reset-password` and `inflio user tokens` do: the operator's side of the
/// account page, for a server without mail or a person locked out.
public enum AccountCommands {
    /// A session or API token as the command line lists it (never the token itself).
    public struct TokenSummary: Encodable, Sendable {
        public let id: UUID
        public let kind: String
        public let name: String?
        public let createdAt: Date?
        public let lastUsedAt: Date?
        public let lastUsedFrom: String?
        public let expiresAt: Date?
    }

    /// Sets the account's password (checked as at sign-up) and signs out all its sessions.
    public static func resetPassword(app: Application, email: String, password: String) async throws {
        let user = try await account(app, email)
        let accounts = app.accounts()
        try accounts.checkedNewPassword(password)
        try await accounts.setPassword(user, to: password, keepingSession: nil)
        await AuditLog(db: app.db, logger: app.logger).record(
            .passwordChanged, user: try user.requireID().uuidString, account: user.email, detail: "cli")
    }

    public static func tokens(app: Application, email: String) async throws -> [TokenSummary] {
        let user = try await account(app, email)
        return try await AccountTokens.tokens(of: try user.requireID(), on: app.db).map {
            TokenSummary(
                id: try $0.requireID(), kind: $0.kind.rawValue, name: $0.name, createdAt: $0.createdAt,
                lastUsedAt: $0.lastUsedAt, lastUsedFrom: $0.lastUsedIP, expiresAt: $0.expiresAt)
        }
    }

    /// Revokes one of the account's tokens; false when it has no such token.
    public static func revoke(app: Application, email: String, tokenID: UUID) async throws -> Bool {
        let user = try await account(app, email)
        guard let token = try await AccountTokens.revoke(tokenID, of: try user.requireID(), on: app.db) else {
            return false
        }
        await AuditLog(db: app.db, logger: app.logger).record(
            .tokenRevoked, user: try user.requireID().uuidString, detail: "\(token.kind.rawValue) (cli)")
        return true
    }

    static func account(_ app: Application, _ email: String) async throws -> User {
        let canonical = AccountService.canonicalEmail(email)
        guard let user = try await User.query(on: app.db).filter(\.$email == canonical).first() else {
            throw ServiceError(.notFound, "no_account", "There is no local account with the email \(canonical).")
        }
        return user
    }
}
