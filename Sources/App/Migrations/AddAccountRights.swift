import Fluent

/// Issue 18: tokens get a name and where they were last used (the sessions and tokens page), and
/// password resets by mail get their own table (only the link's SHA-256 is kept).
struct AddAccountRights: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite's ALTER TABLE adds one at a time.
        let columns: [(String, DatabaseSchema.DataType)] = [
            ("name", .string), ("last_used_at", .datetime), ("last_used_ip", .string), ("user_agent", .string),
        ]
        for (name, type) in columns {
            try await database.schema("user_tokens").field(.string(name), type).update()
        }
        try await database.schema("password_resets")
            .id()
            .field("user_id", .uuid, .required, .references("users", .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("password_resets").delete()
        for field in ["name", "last_used_at", "last_used_ip", "user_agent"] {
            try await database.schema("user_tokens").deleteField(.string(field)).update()
        }
    }
}
