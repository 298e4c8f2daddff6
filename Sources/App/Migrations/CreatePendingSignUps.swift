import Fluent

/// Sign-ups waiting for their address to be confirmed (when mail is configured): the account is
/// made only from the link mailed to the address.
struct CreatePendingSignUps: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pending_sign_ups")
            .id()
            .field("email", .string, .required)
            .field("password_hash", .string, .required)
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("pending_sign_ups").delete() }
}
