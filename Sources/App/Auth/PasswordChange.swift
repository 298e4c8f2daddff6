import Fluent
import Vapor

/// Changing a local account's password, by its owner (the current password first) or through a
/// reset (a mailed link, or the operator's `inflio user reset-password`).
extension AccountService {
    static let wrongPassword = ServiceError(.forbidden, "wrong_password", "That is not your current password.")

    /// Sets the password (already checked) and signs out every session but `keepingSession`, in
    /// one transaction: nobody signed in with the old password stays signed in.
    func setPassword(_ user: User, to new: String, keepingSession keep: UUID?) async throws {
        let hash = try await passwords.hash(new)
        try await db.transaction { db in try await Self.store(hash, for: user, keepingSession: keep, on: db) }
    }

    /// The writes of a password change, inside the caller's transaction: the hash, every session
    /// but `keep` gone, every reset link of the account gone.
    static func store(_ hash: String, for user: User, keepingSession keep: UUID?, on db: any Database) async throws {
        let userID = try user.requireID()
        user.passwordHash = hash
        try await user.save(on: db)
        var sessions = UserToken.query(on: db).filter(\.$user.$id == userID).filter(\.$kind == .session)
        if let keep { sessions = sessions.filter(\.$id != keep) }
        try await sessions.delete()
        try await PasswordReset.query(on: db).filter(\.$user.$id == userID).delete()
    }
}

extension Request {
    /// The password again, for what a stolen session must not do alone (a lasting API token,
    /// deleting the account): a wrong one is a failed sign-in to the limiter, 403 `wrong_password`.
    func confirmPassword(_ password: String?, of user: User) async throws {
        let account = AccountService.canonicalEmail(user.email)
        try inflio.limiter.take(.signIn, user: account, ip: clientAddress)
        let password = password ?? ""
        guard password.utf8.count <= AccountService.maxPasswordBytes,
            try await self.password.async.verify(password, created: user.passwordHash)
        else { throw AccountService.wrongPassword }
        inflio.limiter.refund(.signIn, user: account, ip: clientAddress)
    }
}
