import Fluent
import Foundation
import SQLKit
import Vapor

/// Password reset by a mailed link (issue 18), when mail is configured. Asking answers the same
/// whether or not the address has an account: the account is looked up, the link stored and the
/// mail sent after the answer, so its time does not tell either. The link is
/// good for an hour and once, and only its SHA-256 is stored. Using it sets the new password and
/// signs out every session (API tokens stay: the tokens page lists them).
struct PasswordResetByMail {
    let db: any Database
    let accounts: AccountService
    let mailer: SMTPClient
    /// Where the page is: links point to `<publicURL>/?reset=<token>`.
    let publicURL: URL
    let logger: Logger

    static let linkLifetime: TimeInterval = 3600

    static let invalidLink = ServiceError(
        .badRequest, "invalid_link", "This reset link has expired or was already used. Ask for a new one.")

    /// Checks the address, then (after the answer) mails a link when it has an account.
    func start(email rawEmail: String) throws -> String {
        let email = try AccountService.validEmail(rawEmail)
        let (db, mailer, publicURL, logger) = (db, mailer, publicURL, logger)
        Task {
            do {
                try await Self.mailLink(to: email, db: db, mailer: mailer, publicURL: publicURL)
            } catch {
                logger.warning("password reset not mailed: \(error)")
            }
        }
        return email
    }

    private static func mailLink(to email: String, db: any Database, mailer: SMTPClient, publicURL: URL) async throws {
        try await PasswordReset.query(on: db).filter(\.$expiresAt < Date()).delete()
        guard let user = try await User.query(on: db).filter(\.$email == email).first() else { return }
        let token = Tokens.generate()
        try await PasswordReset(
            userID: try user.requireID(), tokenHash: Tokens.hash(token),
            expiresAt: Date().addingTimeInterval(Self.linkLifetime)
        ).save(on: db)
        try await mailer.send(
            MailMessage(
                from: mailer.settings.from, to: email, subject: "Reset your Inflio Personas password",
                body: """
                    Someone, we hope you, asked to reset the password of the Inflio Personas account
                    with this address. To choose a new one, open this link within an hour:

                    \(MailLink.to(publicURL, "reset", token))

                    If it was not you, ignore this mail: your password stays as it is.
                    """))
    }

    /// The account a link's token resets, while the link is valid.
    func pending(token: String) async throws -> (reset: PasswordReset, user: User) {
        guard
            let reset = try await PasswordReset.query(on: db).filter(\.$tokenHash == Tokens.hash(token)).first(),
            reset.expiresAt > Date(),
            let user = try await User.find(reset.$user.id, on: db)
        else { throw Self.invalidLink }
        return (reset, user)
    }

    /// Uses the link: the new password is checked as at sign-up, then set. The link is claimed by
    /// deleting its row in the same transaction (`DELETE … RETURNING`): of two uses at once, one
    /// finds it gone. Every other link of the account goes too.
    func complete(token: String, password: String) async throws -> User {
        let (_, user) = try await pending(token: token)
        try accounts.checkedNewPassword(password)
        let hash = try await accounts.passwords.hash(password)
        try await db.transaction { db in
            let claimed = try await (db as! any SQLDatabase).raw(
                "DELETE FROM password_resets WHERE token_hash = \(bind: Tokens.hash(token)) RETURNING id"
            ).all()
            guard !claimed.isEmpty else { throw Self.invalidLink }
            try await AccountService.store(hash, for: user, keepingSession: nil, on: db)
        }
        return user
    }
}
