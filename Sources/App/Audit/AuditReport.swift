import Fluent
import Foundation
import Vapor

/// `inflio audit`: the security events, newest first, optionally of one kind or one account.
public struct AuditReport: Codable, Sendable {
    public struct Line: Codable, Sendable {
        public let at: Date?
        public let kind: String
        public let userId: String?
        public let account: String?
        public let ip: String?
        public let detail: String?
    }

    public let events: [Line]

    /// `kind` must be one of `kinds`; `account` matches the canonical email.
    public static func load(app: Application, kind: String?, account: String?, limit: Int) async throws -> AuditReport {
        let query = AuditEvent.query(on: app.db).sort(\.$createdAt, .descending).sort(\.$id).limit(max(1, limit))
        if let kind {
            guard let known = AuditEvent.Kind(rawValue: kind) else {
                throw ServiceError(
                    .badRequest, "unknown_kind", "No such kind; use one of: \(kinds.joined(separator: ", ")).")
            }
            query.filter(\.$kind == known)
        }
        if let account { query.filter(\.$account == AccountService.canonicalEmail(account)) }
        let rows = try await query.all()
        return AuditReport(
            events: rows.map {
                Line(
                    at: $0.createdAt, kind: $0.kind.rawValue, userId: $0.userID, account: $0.account, ip: $0.ip,
                    detail: $0.detail)
            })
    }

    public static var kinds: [String] { AuditEvent.Kind.allCases.map(\.rawValue) }

    /// One line per event: time (UTC), kind, account or user, address, detail.
    public var text: String {
        guard !events.isEmpty else { return "No audit events." }
        let formatter = ISO8601DateFormatter()
        return events.map { line in
            [
                line.at.map { formatter.string(from: $0) } ?? "-", line.kind, line.account ?? line.userId ?? "-",
                line.ip ?? "-", line.detail ?? "",
            ].joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
