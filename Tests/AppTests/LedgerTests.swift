import Fluent
import Testing
import Vapor

@testable import App

/// The ledger holds one line per submission (job and request id), whoever records it.
struct LedgerTests {
    @Test(arguments: TestDatabase.all)
    func aSubmissionIsRecordedOnce(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let db = service.app.db
            let job = UUID()
            let persona = UUID()
            func line(_ requestID: String) -> LedgerEntry {
                let entry = LedgerEntry(
                    userID: "u", personaID: persona, jobID: job, provider: "fal", model: "m", resolution: "1K",
                    unitPriceUSD: 0.15, units: 1)
                entry.requestID = requestID
                return entry
            }
            try await line("r1").save(on: db)
            await #expect(throws: (any Error).self) { try await line("r1").save(on: db) }
            do {
                try await line("r1").save(on: db)
            } catch let error as any DatabaseError {
                #expect(error.isConstraintFailure, "the duplicate is refused as a constraint failure: \(error)")
            }
            // Another submission of the same job (a retry with a new request) is its own line.
            try await line("r2").save(on: db)
            #expect(try await LedgerEntry.query(on: db).filter(\.$jobID == job).count() == 2)
        }
    }
}
