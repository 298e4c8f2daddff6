import Fluent

/// The seed's user_profiles, keyed by the user id string (a local account's UUID or a JWT `sub`).
struct CreateUserProfiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_profiles")
            .id()
            .field("user_id", .string, .required)
            .field("default_persona_id", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("user_profiles").delete() }
}
