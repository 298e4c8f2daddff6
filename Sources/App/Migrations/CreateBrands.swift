import Fluent

/// The brand record, one per user (BRAND.md's shape, as one JSON document).
struct CreateBrands: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("brands")
            .id()
            .field("user_id", .string, .required)
            .field("brand", .json, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("brands").delete() }
}
