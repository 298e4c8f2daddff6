import Fluent

/// The seed's persona_images table; rows go with their persona.
struct CreatePersonaImages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("persona_images")
            .id()
            .field("persona_id", .uuid, .required, .references("personas", .id, onDelete: .cascade))
            .field("user_id", .string, .required)
            .field("image_url", .string, .required)
            .field("file_size", .int, .required)
            .field("metadata", .json, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("persona_images").delete() }
}
