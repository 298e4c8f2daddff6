import Fluent
import Vapor

/// Creating accounts and issuing tokens, shared by the HTTP routes and `inflio user create`.
public struct AccountService {
    let db: any Database
    let passwords: AsyncPasswordHasher
    /// Refused at sign-up when present (InflioServices loads it at boot).
    var commonPasswords: CommonPasswords? = nil

    static let sessionLifetime: TimeInterval = 30 * 24 * 3600
    static let minPasswordCharacters = 12
    /// What bcrypt reads of a password, in UTF-8 bytes.
    static let maxPasswordBytes = 72

    /// The stored form of an email: NFKC, trimmed, all of it lower-cased (local part included, as
    /// accounts always were: `Ada@x.org` and `ada@x.org` are one account). Login looks accounts up by it.
    static func canonicalEmail(_ raw: String) -> String {
        raw.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .precomposedStringWithCompatibilityMapping
    }

    /// `canonicalEmail`, refused (400 `invalid_email`) unless it is one address: exactly one `@`, a
    /// local part, a domain with a dot (or `localhost`) and no empty labels, no spaces, no control or format characters
    /// (a zero-width space or a NUL would make a second account that looks like the first).
    static func validEmail(_ raw: String) throws -> String {
        let email = canonicalEmail(raw)
        let invalid = ServiceError(
            .badRequest, "invalid_email", "Enter a valid email address, like name@example.com.",
            details: .object(["field": .string("email")]))
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty else { throw invalid }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        // `localhost` is the one dotless domain taken: the command line's own account is `cli@localhost`.
        guard labels.count >= 2 || parts[1] == "localhost", labels.allSatisfy({ !$0.isEmpty }) else { throw invalid }
        let refused: Set<Unicode.GeneralCategory> = [
            .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator,
        ]
        guard !email.unicodeScalars.contains(where: { refused.contains($0.properties.generalCategory) }) else {
            throw invalid
        }
        return email
    }

    func createUser(email rawEmail: String, password: String) async throws -> User {
        let email = try checkedNewAccount(email: rawEmail, password: password)
        if try await User.query(on: db).filter(\.$email == email).first() != nil {
            throw ServiceError(.conflict, "email_taken", "An account with this email already exists. Sign in instead.")
        }
        let user = User(email: email, passwordHash: try await passwords.hash(password))
        try await user.save(on: db)
        return user
    }

    /// A new account's email (canonical) and password checked, before any database is asked:
    /// `invalid_email`, `weak_password`, `password_too_long`, `common_password`.
    func checkedNewAccount(email rawEmail: String, password: String) throws -> String {
        let email = try Self.validEmail(rawEmail)
        try checkedNewPassword(password)
        return email
    }

    /// A new password, at sign-up, change or reset: `weak_password`, `password_too_long`, `common_password`.
    func checkedNewPassword(_ password: String) throws {
        guard password.count >= Self.minPasswordCharacters else {
            throw ServiceError(
                .badRequest, "weak_password",
                "Choose a password of at least \(Self.minPasswordCharacters) characters; a few words together are easy to remember.",
                details: .object(["minCharacters": .number(Double(Self.minPasswordCharacters))]))
        }
        guard password.utf8.count <= Self.maxPasswordBytes else {
            throw Self.passwordTooLong(
                "Choose a password of at most \(Self.maxPasswordBytes) bytes (72 letters without accents; fewer with accents or emoji)."
            )
        }
        if commonPasswords?.isCommon(password) == true {
            throw ServiceError(
                .badRequest, "common_password",
                "This password is one of the most common ones (or one with digits added), which are guessed first. Choose another."
            )
        }
    }

    /// bcrypt reads only the first 72 bytes: two longer passwords sharing them would both sign in,
    /// so a longer one is refused at sign-up and at sign-in alike, whoever the account is.
    static func passwordTooLong(_ message: String) -> ServiceError {
        ServiceError(
            .badRequest, "password_too_long", message,
            details: .object(["maxBytes": .number(Double(maxPasswordBytes))]))
    }

    func verify(email rawEmail: String, password: String) async throws -> User {
        guard password.utf8.count <= Self.maxPasswordBytes else {
            throw Self.passwordTooLong(
                "Passwords here are at most \(Self.maxPasswordBytes) bytes; this one is longer, so it cannot be the account's."
            )
        }
        let email = Self.canonicalEmail(rawEmail)
        let invalid = ServiceError(.unauthorized, "invalid_credentials", "That email and password do not match.")
        guard let user = try await User.query(on: db).filter(\.$email == email).first() else {
            // A password is checked all the same, against a hash of nothing anyone knows: an unknown
            // address must take as long to refuse as a wrong password (issue 13, finding 2).
            _ = try? await passwords.verify(password, created: try await DummyPasswordHash.value(passwords))
            throw invalid
        }
        guard try await passwords.verify(password, created: user.passwordHash) else { throw invalid }
        return user
    }

    /// Returns the token itself; only its hash is kept. `request`, when given, is where it was made
    /// from: the sessions page shows it until the token is next used.
    func issueToken(for user: User, kind: UserToken.Kind, name: String? = nil, request: Request? = nil)
        async throws -> String
    {
        let token = Tokens.generate()
        let expiry = kind == .session ? Date().addingTimeInterval(Self.sessionLifetime) : nil
        let row = UserToken(
            userID: try user.requireID(), tokenHash: Tokens.hash(token), kind: kind, expiresAt: expiry, name: name)
        if let request {
            row.lastUsedAt = Date()
            row.lastUsedIP = request.clientAddress
            row.userAgent = request.shortUserAgent
        }
        try await row.save(on: db)
        return token
    }
}

extension Request {
    var accounts: AccountService { application.accounts(on: db) }
}

extension Application {
    /// The account operations on `db` (the application's own by default), with the service's
    /// common-password list.
    func accounts(on db: (any Database)? = nil) -> AccountService {
        AccountService(db: db ?? self.db, passwords: password.async, commonPasswords: inflio.commonPasswords)
    }
}

extension AccountService {
    /// `inflio user create`: a new account and an API token for it (returned once, stored hashed).
    public static func createAccountWithAPIToken(app: Application, email: String, password: String) async throws
        -> String
    {
        let accounts = app.accounts()
        let user = try await accounts.createUser(email: email, password: password)
        let token = try await accounts.issueToken(for: user, kind: .api, name: "inflio user create")
        let audit = AuditLog(db: app.db, logger: app.logger)
        await audit.record(.accountCreated, user: try user.requireID().uuidString, account: user.email, detail: "cli")
        await audit.record(.tokenCreated, user: try user.requireID().uuidString, detail: "api (cli)")
        return token
    }
}
