import Fluent

/// `design_versions.submit_started_at`: when a paid submission to FAL began, as
/// `generation_jobs` has it. A version found with it set and no stored request was cut off
/// between FAL accepting the request and our write; FAL's webhook, whose URL names the version,
/// then claims that request instead of a second one being paid for (DesignWorker.claim).
struct AddDesignSubmitMarker: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("design_versions").field("submit_started_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("design_versions").deleteField("submit_started_at").update()
    }
}
