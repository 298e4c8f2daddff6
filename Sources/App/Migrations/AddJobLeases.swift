import Fluent
import SQLKit

/// Issue 14: jobs are claimed into a lease (owner, expiry, a version that fences the owner's
/// writes), and the FAL webhook deliveries already processed are remembered in the database, so
/// any process can tell a re-delivery. Lease expiry is epoch milliseconds: PostgreSQL computes it
/// from its own clock (every process agrees on it), SQLite (one process) from the process's.
struct AddJobLeases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("generation_jobs").field("lease_owner", .string).update()
        try await database.schema("generation_jobs").field("lease_until", .int64).update()
        try await database.schema("generation_jobs")
            .field("lease_version", .int64, .required, .sql(.default(0))).update()
        // What the claim scans: open jobs, oldest first.
        try await database.sql().raw(
            "CREATE INDEX IF NOT EXISTS generation_jobs_open ON generation_jobs (state, created_at)"
        ).run()
        try await database.schema("webhook_deliveries")
            .field("signature", .string, .identifier(auto: false))
            .field("seen_at", .int64, .required)
            .create()
        try await database.sql().raw(
            "CREATE INDEX IF NOT EXISTS webhook_deliveries_seen ON webhook_deliveries (seen_at)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_deliveries").delete()
        try await database.sql().raw("DROP INDEX IF EXISTS generation_jobs_open").run()
        for field in ["lease_version", "lease_until", "lease_owner"] {
            try await database.schema("generation_jobs").deleteField(.string(field)).update()
        }
    }
}
