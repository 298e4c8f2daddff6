import Fluent
import SQLKit

/// What keeps a submission from being paid or counted twice across crashes:
/// `generation_jobs.submit_started_at` (when a paid submission began, see GenerationJob) and one
/// ledger line per job and request id at most (two processes may both learn a claimed id).
struct AddSubmissionSafety: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("generation_jobs").field("submit_started_at", .datetime).update()
        try await database.sql().raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS ledger_entries_job_request ON ledger_entries (job_id, request_id)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().raw("DROP INDEX IF EXISTS ledger_entries_job_request").run()
        try await database.schema("generation_jobs").deleteField("submit_started_at").update()
    }
}
