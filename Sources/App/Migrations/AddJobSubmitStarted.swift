import Fluent

/// `generation_jobs.submit_started_at`: when a paid submission began (see GenerationJob).
struct AddJobSubmitStarted: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(GenerationJob.schema).field("submit_started_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(GenerationJob.schema).deleteField("submit_started_at").update()
    }
}
