import Fluent
import Vapor

/// Issue 18: `POST /api/account/password` (change, signed in), and reset by a mailed link:
/// `POST /api/auth/reset {email}`, `GET /api/auth/reset?token=`, `POST /api/auth/reset/complete
/// {token, password}`. `GET /api/auth/options` tells the page which of these the server offers.
enum PasswordController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("api", "auth", "options", use: options)
        let reset = routes.grouped("api", "auth", "reset")
        reset.post(use: requestReset)
        reset.get(use: pendingReset)
        reset.post("complete", use: completeReset)
        routes.post("api", "account", "password", use: change)
    }

    struct Options: Content {
        let success = true
        /// Sign-up answers `confirm_email` and a mailed link makes the account.
        let signUpByMail: Bool
        /// "Forgot your password?" mails a link; without it the operator resets passwords.
        let passwordResetByMail: Bool
        /// Accounts may come from an identity provider's JWT (no password here).
        let externalSignIn: Bool
    }

    static func options(_ req: Request) async throws -> Options {
        Options(
            signUpByMail: req.signUpByMail != nil, passwordResetByMail: req.passwordResetByMail != nil,
            externalSignIn: req.inflio.externalTokens != nil)
    }

    struct Change: Content {
        let currentPassword: String
        let newPassword: String
    }

    /// The current password, then the new one; every other session is signed out.
    static func change(_ req: Request) async throws -> Response {
        let (caller, user) = try await req.requireLocalAccount(
            "This account signs in through your identity provider: change the password there.")
        let body = try req.content.decode(Change.self)
        // A wrong current password is a failed sign-in to the limiter (`confirmPassword`), so a
        // stolen session cannot be used to guess it.
        try await req.confirmPassword(body.currentPassword, of: user)
        try req.accounts.checkedNewPassword(body.newPassword)
        try await req.accounts.setPassword(user, to: body.newPassword, keepingSession: caller.tokenID)
        await req.audit.record(
            .passwordChanged, user: caller.id, account: AccountService.canonicalEmail(user.email), ip: req.clientAddress
        )
        let response = Response(status: .ok)
        try response.content.encode(["success": true])
        return response
    }

    struct ResetAsked: Content {
        var success = true
        var status = "reset_mailed"
        let email: String
        let message: String

        init(email: String) {
            self.email = email
            message =
                "If \(email) has an account here, we sent it a link to choose a new password. It works for an hour."
        }
    }

    static func requestReset(_ req: Request) async throws -> Response {
        guard let byMail = req.passwordResetByMail else { throw unavailable }
        struct Asked: Content { let email: String }
        let email = try AccountService.validEmail(try req.content.decode(Asked.self).email)
        try req.inflio.limiter.take(.passwordReset, user: email, ip: req.clientAddress)
        _ = try byMail.start(email: email)
        await req.audit.record(.passwordResetAsked, account: email, ip: req.clientAddress)
        let response = Response(status: .accepted)
        try response.content.encode(ResetAsked(email: email))
        return response
    }

    struct PendingReset: Content {
        let success = true
        let email: String
    }

    static func pendingReset(_ req: Request) async throws -> PendingReset {
        guard let byMail = req.passwordResetByMail else { throw unavailable }
        let token = req.query[String.self, at: "token"] ?? ""
        return PendingReset(email: try await byMail.pending(token: token).user.email)
    }

    struct Completion: Content {
        let token: String
        let password: String
    }

    /// Sets the new password and signs in with it (a new session; every older one is gone).
    static func completeReset(_ req: Request) async throws -> Response {
        guard let byMail = req.passwordResetByMail else { throw unavailable }
        let body = try req.content.decode(Completion.self)
        let user = try await byMail.complete(token: body.token, password: body.password)
        await req.audit.record(
            .passwordChanged, user: try user.requireID().uuidString, account: user.email, ip: req.clientAddress,
            detail: "reset by mail")
        return try await AuthController.signedIn(req, user, status: .ok)
    }

    static let unavailable = ServiceError(
        .notFound, "reset_unavailable",
        "Password reset by mail is not set up on this server. Ask its operator: they can run `inflio user reset-password EMAIL`."
    )
}

extension Request {
    /// Password reset by mail, when mail is configured.
    var passwordResetByMail: PasswordResetByMail? {
        guard let mailer = inflio.mailer, let publicURL = inflio.config.publicURL else { return nil }
        return PasswordResetByMail(db: db, accounts: accounts, mailer: mailer, publicURL: publicURL, logger: logger)
    }
}
