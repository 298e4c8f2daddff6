import Fluent

/// The seed's personas table, plus the identity centroid column.
struct CreatePersonas: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("personas")
            .id()
            .field("user_id", .string, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("status", .string, .required)
            .field("metadata", .json, .required)
            .field("identity", .data)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("personas").delete() }
}
