import Fluent

/// Stored progress events; their increasing integer id is the SSE event id.
struct CreatePersonaEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("persona_events")
            .field("id", .int, .identifier(auto: true))
            .field("persona_id", .uuid, .required, .references("personas", .id, onDelete: .cascade))
            .field("type", .string, .required)
            .field("data", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("persona_events").delete() }
}
