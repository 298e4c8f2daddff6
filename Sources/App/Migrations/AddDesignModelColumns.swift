import Fluent
import SQLKit

/// Issue 15, its FAL half: a version made by a picture model keeps its queue request (the submit
/// answer, stored before waiting, so a restart resumes it rather than paying again), the model
/// and quality asked, why it fell back to another model, and the model's picture without the
/// title (what the next refinement starts from).
struct AddDesignModelColumns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite's ALTER TABLE adds one at a time.
        for column in Self.columns {
            try await database.schema("design_versions").field(.string(column), .string).update()
        }
    }

    static let columns = ["model", "quality", "provider_request", "fallback_reason", "base_key"]

    func revert(on database: any Database) async throws {
        for column in Self.columns {
            try await database.schema("design_versions").deleteField(.string(column)).update()
        }
    }
}
