import Fluent

/// Designs on FAL, their submissions:
/// - `submit_started_at`: when a paid submission began, as `generation_jobs` has it. A version
///   found with it set and no stored request was cut off between FAL accepting the request and
///   our write; FAL's webhook, whose URL names the version, then claims that request instead of a
///   second one being paid for (DesignWorker.claim).
/// - `image_index` and `shares_request_of`: four variations are one request for four pictures
///   (`num_images`); each variation's version stores that request, which of its pictures is its
///   own, and (on all but the one that submitted it) the version that did.
struct AddDesignSubmissionColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("design_versions").field("submit_started_at", .datetime).update()
        try await database.schema("design_versions").field("image_index", .int).update()
        try await database.schema("design_versions").field("shares_request_of", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["submit_started_at", "image_index", "shares_request_of"] {
            try await database.schema("design_versions").deleteField(.string(column)).update()
        }
    }
}
