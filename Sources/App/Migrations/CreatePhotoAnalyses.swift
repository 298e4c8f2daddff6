import Fluent

/// Draft personas' per-photo analyses; rows go with their persona.
struct CreatePhotoAnalyses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("photo_analyses")
            .id()
            .field("persona_id", .uuid, .required, .references("personas", .id, onDelete: .cascade))
            .field("analysis", .data, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("photo_analyses").delete() }
}
