import Fluent
import SQLKit
import Vapor

extension UserProfile {
    /// The user's profile row, created if missing. Two requests of one user can both find none
    /// (two first personas made at once, on one process or two): the insert is an upsert so the
    /// second finds the first's row instead of failing on the unique `user_id`.
    static func forUser(_ userID: String, on db: any Database) async throws -> UserProfile {
        if let existing = try await query(on: db).filter(\.$userID == userID).first() { return existing }
        let now = Date()
        try await db.sql().insert(into: schema)
            .columns("id", "user_id", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind(userID), SQLBind(now), SQLBind(now))
            .ignoringConflicts(with: ["user_id"])
            .run()
        guard let profile = try await query(on: db).filter(\.$userID == userID).first() else {
            throw Abort(.internalServerError, reason: "user profile vanished after its upsert")
        }
        return profile
    }

    /// Makes `personaID` the user's default unless one is set: a user's first persona is the one
    /// content is made from. One conditional update, so concurrent first personas cannot both win.
    static func adoptDefaultIfUnset(_ personaID: UUID, userID: String, on db: any Database) async throws {
        let profile = try await forUser(userID, on: db)
        guard profile.defaultPersonaID == nil else { return }
        try await query(on: db).filter(\.$userID == userID).filter(\.$defaultPersonaID == nil)
            .set(\.$defaultPersonaID, to: personaID).set(\.$updatedAt, to: Date()).update()
    }
}
