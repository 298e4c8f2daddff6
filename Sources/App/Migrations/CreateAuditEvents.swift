import Fluent

/// The security audit log (issue 13); `inflio audit` reads it newest first.
struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("created_at", .datetime)
            .field("kind", .string, .required)
            .field("user_id", .string)
            .field("account", .string)
            .field("ip", .string)
            .field("detail", .string)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("audit_events").delete() }
}
