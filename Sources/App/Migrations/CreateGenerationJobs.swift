import Fluent

/// Durable portrait jobs.
struct CreateGenerationJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("generation_jobs")
            .id()
            .field("persona_id", .uuid, .required, .references("personas", .id, onDelete: .cascade))
            .field("user_id", .string, .required)
            .field("scenario_index", .int, .required)
            .field("attempt", .int, .required)
            .field("retries_left", .int, .required)
            .field("state", .string, .required)
            .field("provider", .string, .required)
            .field("request", .string, .required)
            .field("request_id", .string)
            .field("portrait_image_id", .uuid)
            .field("error", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("generation_jobs").delete() }
}
