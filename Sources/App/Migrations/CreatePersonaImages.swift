import Fluent

/// The seed's persona_images table; rows go with their persona.
struct CreatePersonaImages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PersonaImage.schema)
            .id()
            .field("persona_id", .uuid, .required, .references(Persona.schema, .id, onDelete: .cascade))
            .field("user_id", .string, .required)
            .field("image_url", .string, .required)
            .field("file_size", .int, .required)
            .field("metadata", .json, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema(PersonaImage.schema).delete() }
}
