import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Issue 12: `personas.status` holds the seed's words, by a CHECK constraint on both databases;
/// rows written before migrate (`generating`) and the rows that point at them survive it.
@Suite struct SeedStatusTests {
    func status(_ id: String, _ db: any Database) async throws -> (String, String) {
        let row = try #require(
            try await (db as! any SQLDatabase).raw(
                "SELECT status, stage FROM personas WHERE id = \(bind: UUID(uuidString: id)!)"
            )
            .first())
        return (try row.decode(column: "status", as: String.self), try row.decode(column: "stage", as: String.self))
    }

    @Test(arguments: TestDatabase.all)
    func oldRowsMigrateAndOtherWordsAreRefused(_ database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            let building = try await service.createDraft(token: token).persona.id
            _ = try await service.addedPhoto(token: token, draft: building, TestPhotos.photo("obama-1.jpg"))
            let draft = try await service.createDraft(token: token).persona.id
            let images = try await PersonaImage.query(on: service.app.db).count()
            let analyses = try await PhotoAnalysisRecord.query(on: service.app.db).count()
            let events = try await PersonaEventRecord.query(on: service.app.db).count()
            #expect(images == 1 && analyses == 1)

            // Back to before the migration, with a persona in the old word for "portraits under way".
            let db = service.app.db
            let sql = db as! any SQLDatabase
            try await AdoptSeedStatuses().revert(on: db)
            try await sql.raw(
                "UPDATE personas SET status = 'generating' WHERE id = \(bind: UUID(uuidString: building)!)"
            )
            .run()
            try await AdoptSeedStatuses().prepare(on: db)

            #expect(try await status(building, db) == ("analyzing", "generating"))
            #expect(try await status(draft, db) == ("pending_upload", "uploading"))
            #expect(try await PersonaImage.query(on: db).count() == images, "the rebuild kept what points at personas")
            #expect(try await PhotoAnalysisRecord.query(on: db).count() == analyses)
            #expect(try await PersonaEventRecord.query(on: db).count() == events)

            for (column, word) in [("status", "generating"), ("status", "done"), ("stage", "analyzing")] {
                await #expect(throws: (any Error).self, "\(column) = \(word)") {
                    try await sql.raw(
                        "UPDATE personas SET \(ident: column) = \(bind: word) WHERE id = \(bind: UUID(uuidString: draft)!)"
                    ).run()
                }
            }
            // Foreign keys still hold after the rebuild: deleting the persona takes its photo with it.
            try await sql.raw("DELETE FROM personas WHERE id = \(bind: UUID(uuidString: building)!)").run()
            #expect(try await PersonaImage.query(on: db).count() == 0)
            // And the service works on the rebuilt table.
            let detail = try await service.send(.GET, "/api/personas/\(draft)", token: token)
            #expect(detail.status == .ok && detail.text.contains(#""status":"pending_upload""#), "\(detail.text)")
        }
    }
}
