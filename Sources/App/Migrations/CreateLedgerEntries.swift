import Fluent

/// The cost ledger: one row per provider call, kept after its persona is deleted.
struct CreateLedgerEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_entries")
            .id()
            .field("user_id", .string, .required)
            .field("persona_id", .uuid, .required)
            .field("job_id", .uuid, .required)
            .field("provider", .string, .required)
            .field("model", .string, .required)
            .field("resolution", .string, .required)
            .field("unit_price_usd", .double, .required)
            .field("units", .int, .required)
            .field("outcome", .string, .required)
            .field("request_id", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("ledger_entries").delete() }
}
