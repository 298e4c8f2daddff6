import Fluent

/// Users who sign in with an identity provider's JWTs: one row per (issuer, `sub`), whose own id
/// scopes their data, apart from local accounts' ids.
struct CreateExternalIdentities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("external_identities")
            .id()
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "issuer", "subject")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("external_identities").delete()
    }
}
