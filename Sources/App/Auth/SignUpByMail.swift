import Fluent
import Foundation
import Vapor

/// Sign-up when mail is configured (issue 13, finding 2): every address gets the same answer, so
/// sign-up no longer tells who has an account. A new address is mailed a link that makes the
/// account; a taken one is mailed a note that someone tried. The password is hashed in both
/// cases and the mail leaves after the answer, so the answer's time does not tell either.
struct SignUpByMail {
    let db: any Database
    let accounts: AccountService
    let mailer: SMTPClient
    /// Where the page is: links point to `<publicURL>/?confirm=<token>`.
    let publicURL: URL
    let logger: Logger

    static let linkLifetime: TimeInterval = 24 * 3600

    static let invalidLink = ServiceError(
        .badRequest, "invalid_link",
        "This link has expired or was already used. Sign in, or sign up again for a new link.")

    /// Checks the email and password, then mails the address; returns the canonical email.
    func start(email rawEmail: String, password: String) async throws -> String {
        let email = try accounts.checkedNewAccount(email: rawEmail, password: password)
        let hash = try await accounts.passwords.hash(password)
        try await Self.pruneExpired(on: db)
        let message: MailMessage
        if try await User.query(on: db).filter(\.$email == email).first() != nil {
            message = alreadyRegistered(email)
        } else {
            let token = Tokens.generate()
            try await PendingSignUp(
                email: email, passwordHash: hash, tokenHash: Tokens.hash(token),
                expiresAt: Date().addingTimeInterval(Self.linkLifetime)
            ).save(on: db)
            message = confirmation(email, token: token)
        }
        let mailer = mailer
        let logger = logger
        Task {
            do { try await mailer.send(message) } catch { logger.warning("sign-up mail not sent: \(error)") }
        }
        return email
    }

    /// The mailed link's token: makes the account (with the password given at sign-up), once.
    func confirm(token: String) async throws -> User {
        let pending = try await pending(token: token)
        return try await db.transaction { db in
            // Every link for the address goes: the first one used makes the account.
            try await PendingSignUp.query(on: db).filter(\.$email == pending.email).delete()
            guard try await User.query(on: db).filter(\.$email == pending.email).first() == nil else {
                throw Self.invalidLink
            }
            let user = User(email: pending.email, passwordHash: pending.passwordHash)
            try await user.save(on: db)
            return user
        }
    }

    /// The sign-up a link's token stands for, while it is valid.
    func pending(token: String) async throws -> PendingSignUp {
        guard
            let pending = try await PendingSignUp.query(on: db).filter(\.$tokenHash == Tokens.hash(token)).first(),
            pending.expiresAt > Date()
        else { throw Self.invalidLink }
        return pending
    }

    /// Links past their day are dropped (at each sign-up by mail).
    static func pruneExpired(on db: any Database) async throws {
        try await PendingSignUp.query(on: db).filter(\.$expiresAt < Date()).delete()
    }

    private func confirmation(_ email: String, token: String) -> MailMessage {
        MailMessage(
            from: mailer.settings.from, to: email, subject: "Finish creating your Inflio Personas account",
            body: """
                Someone, we hope you, asked to create an Inflio Personas account with this address.
                To finish, open this link within 24 hours:

                \(MailLink.to(publicURL, "confirm", token))

                If it was not you, ignore this mail: no account is made without the link.
                """)
    }

    private func alreadyRegistered(_ email: String) -> MailMessage {
        MailMessage(
            from: mailer.settings.from, to: email, subject: "Someone tried to sign up with your address",
            body: """
                Someone, perhaps you, asked to create an Inflio Personas account with this address,
                but it already has one, so nothing was created. To use it, sign in at:

                \(publicURL.absoluteString)

                If it was not you, you can ignore this mail: your account has not changed.
                """)
    }
}
