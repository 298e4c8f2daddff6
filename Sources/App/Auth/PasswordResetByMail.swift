import Fluent
import Foundation
import Vapor

/// Password reset by a mailed link (issue 18), when mail is configured. Asking answers the same
/// whether or not the address has an account, and the mail leaves after the answer; the link is
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

    /// Mails a link when the address has an account; returns the canonical email either way.
    func start(email rawEmail: String) async throws -> String {
        let email = try AccountService.validEmail(rawEmail)
        try await PasswordReset.query(on: db).filter(\.$expiresAt < Date()).delete()
        guard let user = try await User.query(on: db).filter(\.$email == email).first() else { return email }
        let token = Tokens.generate()
        try await PasswordReset(
            userID: try user.requireID(), tokenHash: Tokens.hash(token),
            expiresAt: Date().addingTimeInterval(Self.linkLifetime)
        ).save(on: db)
        let message = MailMessage(
            from: mailer.settings.from, to: email, subject: "Reset your Inflio Personas password",
            body: """
                Someone, we hope you, asked to reset the password of the Inflio Personas account
                with this address. To choose a new one, open this link within an hour:

                \(MailLink.to(publicURL, "reset", token))

                If it was not you, ignore this mail: your password stays as it is.
                """)
        let mailer = mailer
        let logger = logger
        Task {
            do { try await mailer.send(message) } catch { logger.warning("password reset mail not sent: \(error)") }
        }
        return email
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

    /// Uses the link: the new password is checked as at sign-up, then set; every link for the
    /// account goes with it (`setPassword`), so this one cannot be used twice.
    func complete(token: String, password: String) async throws -> User {
        let (_, user) = try await pending(token: token)
        try accounts.checkedNewPassword(password)
        try await accounts.setPassword(user, to: password, keepingSession: nil)
        return user
    }
}
