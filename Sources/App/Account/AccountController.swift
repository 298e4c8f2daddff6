import Fluent
import Vapor

/// `/api/account`: what a person may do with their account and data (issue 18). The sessions
/// and tokens routes are `AccountTokens`'; the password's are `PasswordController`'s.
enum AccountController {
    static func register(_ routes: any RoutesBuilder) {
        let account = routes.grouped("api", "account")
        AccountTokens.register(account)
        account.get("export", use: export)
        account.post("delete", use: delete)
    }

    /// `GET /api/account/export`: the ZIP, streamed as it is written (`AccountExport`).
    static func export(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.inflio.limiter.take(.export, user: user.id, ip: req.clientAddress)
        let exporter = AccountExport(
            db: req.db, blobs: req.inflio.blobs, userID: user.id, email: user.email,
            provenance: PortraitProvenance(fallbackProvider: req.inflio.config.provider))
        let items = try await exporter.plan()
        await req.audit.record(.accountExported, user: user.id, ip: req.clientAddress, detail: "\(items.count) files")
        let logger = req.logger
        let response = Response(
            status: .ok,
            body: .init(managedAsyncStream: { writer in
                do {
                    try await exporter.write(items) { try await writer.writeBuffer($0) }
                } catch {
                    // The status line is sent: the client sees a cut-off archive, which does not open.
                    logger.error("account export failed mid-stream: \(error)")
                    throw error
                }
            }))
        let day = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withFullDate])
        response.headers.contentType = HTTPMediaType(type: "application", subType: "zip")
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"inflio-export-\(day).zip\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    struct Deletion: Content {
        /// A local account's password; an identity provider's user signs in again instead.
        let password: String?
        /// The account's email typed out (`DELETE` when the account has none): deleting is not one
        /// click away.
        let confirmEmail: String?
    }

    /// How recent an identity provider's sign-in must be to delete the account.
    static let reauthenticationWindow: TimeInterval = 600

    /// `POST /api/account/delete {password, confirmEmail}`: everything of the user goes
    /// (`AccountDeletion`); the session cookie with it.
    static func delete(_ req: Request) async throws -> Response {
        let caller = try req.requireUser()
        let body = try req.content.decode(Deletion.self)
        let expected = caller.email ?? "DELETE"
        guard AccountService.canonicalEmail(body.confirmEmail ?? "") == AccountService.canonicalEmail(expected) else {
            throw ServiceError(
                .badRequest, "confirmation_mismatch",
                caller.email == nil
                    ? "Type DELETE to confirm." : "Type your account's email address to confirm.",
                details: .object(["field": .string("confirmEmail")]))
        }
        var local: User? = nil
        if let id = UUID(uuidString: caller.id) { local = try await User.find(id, on: req.db) }
        if let user = local {
            try await req.confirmPassword(body.password, of: user)
        } else {
            guard let at = caller.authenticatedAt, Date().timeIntervalSince(at) <= reauthenticationWindow else {
                throw ServiceError(
                    .forbidden, "reauthentication_required",
                    "Sign in again with your identity provider, then delete your account within 10 minutes.")
            }
        }
        // Rows found by email are only a local account's: an identity provider's email claim is
        // not ours to trust with another account's records.
        let removed = try await AccountDeletion(services: req.inflio, db: req.db)
            .delete(userID: caller.id, email: local?.email)
        // Anonymous: the log no longer knows who this was.
        await req.audit.record(
            .accountDeleted, detail: "\(removed.personas) personas, \(removed.images) images")
        let response = Response(status: .ok)
        try response.content.encode(["success": true])
        SessionCookies.expire(on: response)
        return response
    }
}
