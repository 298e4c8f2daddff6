import Fluent

/// Four variations on FAL are one request for four pictures (`num_images`):
/// - `shares_request_of`: on the second to fourth variation, the first's version, which submits
///   for all of them; set when they are made, cleared once a variation asks on its own.
/// - `image_index`: which of the stored request's pictures is this version's (nil is the first).
struct AddDesignSharedRequest: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("design_versions").field("shares_request_of", .uuid).update()
        try await database.schema("design_versions").field("image_index", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("design_versions").deleteField("image_index").update()
        try await database.schema("design_versions").deleteField("shares_request_of").update()
    }
}
