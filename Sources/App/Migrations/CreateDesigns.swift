import Fluent
import SQLKit

/// Issue 15: designs (thumbnails and social images) and their versions. A version's spec, inputs
/// and report are JSON text, as a job's request is, so backups carry them as they are.
struct CreateDesigns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("designs")
            .id()
            .field("user_id", .string, .required)
            .field("persona_id", .uuid, .required, .references("personas", "id", onDelete: .cascade))
            .field("group_id", .uuid)
            .field("format", .string, .required)
            .field("prompt", .string, .required)
            .field("title", .string, .required)
            .field("current_version", .int, .required)
            .field("finalized_version", .int)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("design_versions")
            .id()
            .field("design_id", .uuid, .required, .references("designs", "id", onDelete: .cascade))
            .field("user_id", .string, .required)
            .field("number", .int, .required)
            .field("kind", .string, .required)
            .field("instruction", .string)
            .field("effective_prompt", .string, .required)
            .field("spec", .string, .required)
            .field("inputs", .string, .required)
            .field("state", .string, .required)
            .field("provider", .string, .required)
            .field("request_id", .string)
            .field("cost_usd", .double, .required)
            .field("image_key", .string)
            .field("identity_distance", .double)
            .field("likeness", .string)
            .field("text_check", .string, .required)
            .field("report", .string)
            .field("notes", .string, .required)
            .field("warning", .string)
            .field("error_code", .string)
            .field("error_message", .string)
            .field("lease_owner", .string)
            .field("lease_until", .int64)
            .field("attempts", .int, .required, .sql(.default(0)))
            .field("completed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "design_id", "number")
            .create()
        try await database.sql().raw("CREATE INDEX IF NOT EXISTS designs_user ON designs (user_id, created_at)").run()
        try await database.sql().raw(
            "CREATE INDEX IF NOT EXISTS design_versions_open ON design_versions (state, created_at)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("design_versions").delete()
        try await database.schema("designs").delete()
    }
}
