import Fluent
import Vapor

/// Writes security events. A write that fails is logged and does not fail the request: the audit
/// log must not become a way to refuse service.
struct AuditLog {
    let db: any Database
    let logger: Logger

    func record(
        _ kind: AuditEvent.Kind, user: String? = nil, account: String? = nil, ip: String? = nil,
        detail: String? = nil
    ) async {
        do {
            try await AuditEvent(kind: kind, userID: user, account: account, ip: ip, detail: detail).create(on: db)
        } catch {
            logger.error("audit event \(kind.rawValue) not written: \(String(reflecting: error))")
        }
    }

    /// The refusals worth an audit line, by error code.
    static func kind(forRefusal code: String) -> AuditEvent.Kind? {
        switch code {
        case "too_many_generations", "daily_persona_limit", "spending_cap_reached", "instance_spending_cap_reached":
            .quotaHit
        case "cross_site_request": .crossSiteRefused
        // (Throttled sign-ins are written by the sign-in route, with the account aimed at.)
        default: nil
        }
    }
}

extension Request {
    var audit: AuditLog { AuditLog(db: db, logger: logger) }
}
