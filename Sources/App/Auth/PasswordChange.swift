import Fluent
import Vapor

/// Changing a local account's password, by its owner (the current password first) or through a
/// reset (a mailed link, or the operator's `inflio user reset-password`).
extension AccountService {
    static let wrongPassword = ServiceError(.forbidden, "wrong_password", "That is not your current password.")

    /// The owner's change: the current password must match; the new one is checked as at sign-up.
    /// Every other browser session is signed out (`keeping` is the one making the change); API
    /// tokens stay, listed on the tokens page to revoke.
    func changePassword(userID: UUID, current: String, new: String, keeping sessionID: UUID?) async throws -> User {
        guard let user = try await User.find(userID, on: db) else { throw ServiceError.unauthorized }
        guard current.utf8.count <= Self.maxPasswordBytes,
            try await passwords.verify(current, created: user.passwordHash)
        else { throw Self.wrongPassword }
        try checkedNewPassword(new)
        try await setPassword(user, to: new, keepingSession: sessionID)
        return user
    }

    /// Sets the password (already checked) and signs out every session but `keepingSession`, in
    /// one transaction: nobody signed in with the old password stays signed in.
    func setPassword(_ user: User, to new: String, keepingSession keep: UUID?) async throws {
        let hash = try await passwords.hash(new)
        let userID = try user.requireID()
        try await db.transaction { db in
            user.passwordHash = hash
            try await user.save(on: db)
            var sessions = UserToken.query(on: db).filter(\.$user.$id == userID).filter(\.$kind == .session)
            if let keep { sessions = sessions.filter(\.$id != keep) }
            try await sessions.delete()
            try await PasswordReset.query(on: db).filter(\.$user.$id == userID).delete()
        }
    }
}
