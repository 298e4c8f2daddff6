import Fluent
import Vapor

/// `POST /api/auth/signup | login | logout`, `GET /api/auth/me`.
enum AuthController {
    struct Credentials: Content {
        let email: String
        let password: String
    }
    struct SignedIn: Content {
        struct UserBody: Content {
            let id: String
            let email: String?
            /// A local account (with a password here), rather than an identity provider's user.
            var local = true
        }
        let success = true
        let user: UserBody
        /// The session token, also usable as `Authorization: Bearer`.
        let token: String?
    }

    static func register(_ routes: any RoutesBuilder) {
        let auth = routes.grouped("api", "auth")
        auth.post("signup", use: signup)
        auth.post("login", use: login)
        auth.get("confirm", use: pendingConfirmation)
        auth.post("confirm", use: confirm)
        auth.post("logout", use: logout)
        auth.get("me", use: me)
    }

    static func signup(_ req: Request) async throws -> Response {
        let credentials = try req.content.decode(Credentials.self)
        // Counted per address before the email is looked up; an answer that did not depend on the
        // database (a weak password, a malformed email) gives its token back.
        let limiter = req.inflio.limiter
        try limiter.take(.signUp, user: nil, ip: req.clientAddress)
        if let byMail = req.signUpByMail {
            let email: String
            do {
                email = try await byMail.start(email: credentials.email, password: credentials.password)
            } catch {
                limiter.refund(.signUp, user: nil, ip: req.clientAddress)
                throw error
            }
            let response = Response(status: .accepted)
            try response.content.encode(ConfirmationSent(email: email))
            return response
        }
        let user: User
        do {
            user = try await req.accounts.createUser(email: credentials.email, password: credentials.password)
        } catch let error as ServiceError where error.code != "email_taken" {
            limiter.refund(.signUp, user: nil, ip: req.clientAddress)
            throw error
        }
        await req.audit.record(
            .accountCreated, user: try user.requireID().uuidString, account: user.email, ip: req.clientAddress)
        return try await signedIn(req, user, status: .created)
    }

    /// The answer to every sign-up when mail is configured, whether or not the address has an account.
    struct ConfirmationSent: Content {
        var success = true
        var status = "confirm_email"
        let email: String
        let message: String

        init(email: String) {
            self.email = email
            message = "We sent a link to \(email). Open it within 24 hours to finish creating your account."
        }
    }

    struct Confirmation: Content {
        let token: String
    }

    struct PendingConfirmation: Content {
        let success = true
        let email: String
    }

    /// `GET /api/auth/confirm?token=…`: which address a link would create, so that the page asks
    /// "finish creating the account for …?" first: a link someone else sent cannot sign a person
    /// in to an account that is not theirs without them seeing whose it is.
    static func pendingConfirmation(_ req: Request) async throws -> PendingConfirmation {
        guard let byMail = req.signUpByMail else {
            throw ServiceError(.notFound, "not_found", "Sign-up by mail is not configured on this server.")
        }
        let token = req.query[String.self, at: "token"] ?? ""
        return PendingConfirmation(email: try await byMail.pending(token: token).email)
    }

    /// `POST /api/auth/confirm {token}`: the mailed link's token makes the account and signs it in.
    static func confirm(_ req: Request) async throws -> Response {
        guard let byMail = req.signUpByMail else {
            throw ServiceError(.notFound, "not_found", "Sign-up by mail is not configured on this server.")
        }
        let token = try req.content.decode(Confirmation.self).token
        let user = try await byMail.confirm(token: token)
        await req.audit.record(
            .accountCreated, user: try user.requireID().uuidString, account: user.email, ip: req.clientAddress,
            detail: "address confirmed by mail")
        return try await signedIn(req, user, status: .created)
    }

    static func login(_ req: Request) async throws -> Response {
        let credentials = try req.content.decode(Credentials.self)
        // Counted before the password is checked; a right one gives its token back.
        let account = AccountService.canonicalEmail(credentials.email)
        let limiter = req.inflio.limiter
        do {
            try limiter.take(.signIn, user: account, ip: req.clientAddress)
        } catch {
            await req.audit.record(.signInThrottled, account: account, ip: req.clientAddress)
            throw error
        }
        let user: User
        do {
            user = try await req.accounts.verify(email: credentials.email, password: credentials.password)
        } catch {
            await req.audit.record(.signInFailed, account: account, ip: req.clientAddress)
            throw error
        }
        limiter.refund(.signIn, user: account, ip: req.clientAddress)
        await req.audit.record(.signIn, user: try user.requireID().uuidString, account: account, ip: req.clientAddress)
        return try await signedIn(req, user, status: .ok)
    }

    /// Revokes the token the request was made with: the `Authorization: Bearer` one (a session
    /// token, or an API token from `inflio user create`, which then stops working too) and the
    /// session cookie's. An identity provider's JWT is not ours to revoke: only the cookie goes.
    static func logout(_ req: Request) async throws -> Response {
        let presented = [req.headers.bearerAuthorization?.token, req.cookies[TokenAuthenticator.cookieName]?.string]
            .compactMap { $0 }.filter { !ExternalTokenVerifier.looksLikeJWT($0) }
        if !presented.isEmpty {
            try await UserToken.query(on: req.db).filter(\.$tokenHash ~~ presented.map(Tokens.hash)).delete()
            await req.audit.record(
                .tokenRevoked, user: req.auth.get(AuthenticatedUser.self)?.id, ip: req.clientAddress, detail: "logout")
        }
        let response = Response(status: .ok)
        try response.content.encode(["success": true])
        SessionCookies.expire(on: response)
        return response
    }

    static func me(_ req: Request) async throws -> SignedIn {
        let user = try req.requireUser()
        var local = false
        if let id = UUID(uuidString: user.id) { local = try await User.find(id, on: req.db) != nil }
        return SignedIn(user: .init(id: user.id, email: user.email, local: local), token: nil)
    }

    static func signedIn(_ req: Request, _ user: User, status: HTTPResponseStatus) async throws -> Response {
        let token = try await req.accounts.issueToken(for: user, kind: .session, request: req)
        await req.audit.record(
            .tokenCreated, user: try user.requireID().uuidString, ip: req.clientAddress, detail: "session")
        let response = Response(status: status)
        try response.content.encode(
            SignedIn(user: .init(id: try user.requireID().uuidString, email: user.email), token: token))
        SessionCookies.set(token: token, on: response, secure: req.inflio.config.servesHTTPS)
        return response
    }
}

extension Request {
    /// Sign-up by mail, when mail is configured.
    var signUpByMail: SignUpByMail? {
        guard let mailer = inflio.mailer, let publicURL = inflio.config.publicURL else { return nil }
        return SignUpByMail(db: db, accounts: accounts, mailer: mailer, publicURL: publicURL, logger: logger)
    }
}
