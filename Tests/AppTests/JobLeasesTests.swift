import Fluent
import Foundation
import SQLKit
import TestSupport
import Testing

@testable import App

/// Claims, expiry, takeover and fencing of job leases (JobLeases), on both databases, with the
/// service's own worker off so only the test claims.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct JobLeasesTests {
    @Test(arguments: TestDatabase.all)
    func claimsAreExclusiveExpireAndFenceTheFormerOwner(database: TestDatabase) async throws {
        let service = try await TestService.start(database) { $0.runsJobs = false }
        do {
            let token = try await service.signUp()
            #expect(try await service.createPersona(token: token, photos: try TestPhotos.obamaSet()).status == .created)
            let db = service.app.db
            let postgres = database == .postgres
            let a = JobLeases(owner: "process-a", duration: 60, postgres: postgres)
            let b = JobLeases(owner: "process-b", duration: 60, postgres: postgres)

            let first = try await a.claim(limit: 3, on: db)
            let second = try await b.claim(limit: 10, on: db)
            #expect(first.count == 3 && second.count == 2, "five jobs, each claimed once")
            #expect(Set(first.map(\.jobID)).isDisjoint(with: second.map(\.jobID)))
            #expect(try await b.claim(limit: 10, on: db).isEmpty, "nothing left while the leases hold")
            #expect(first.allSatisfy { $0.version == 1 && $0.previousOwner == nil })
            #expect(try await a.renew(first.map(\.jobID), on: db) == Set(first))

            // a's first lease runs out (as if a had stalled): b takes it over with the next version.
            let stalled = first[0]
            try await db.sql().raw("UPDATE generation_jobs SET lease_until = 0 WHERE id = \(bind: stalled.jobID)").run()
            let takeover = try #require(try await b.claim(limit: 10, on: db).first)
            #expect(takeover.jobID == stalled.jobID && takeover.version == 2 && takeover.previousOwner == "process-a")

            // Fencing: every write of the former owner is refused, with nothing written.
            let job = try #require(try await GenerationJob.find(stalled.jobID, on: db))
            await #expect(throws: LeaseLost.self) {
                try await a.fenced(stalled, on: db) { db in
                    job.error = "a stale write"
                    try await job.save(on: db)
                }
            }
            #expect(try await GenerationJob.find(stalled.jobID, on: db)?.error == nil)
            #expect(try await !a.renew(stalled, on: db))
            #expect(try await !a.renew(first.map(\.jobID), on: db).contains(stalled))
            try await a.release(stalled, on: db)  // not a's to release any more
            #expect(try await b.renew(takeover, on: db), "the release of a stale lease left b's alone")
            try await b.fenced(takeover, on: db) { db in
                job.error = "the owner's write"
                try await job.save(on: db)
            }
            #expect(try await GenerationJob.find(stalled.jobID, on: db)?.error == "the owner's write")

            // Released, the job can be claimed at once, and the version moves on again.
            try await b.release(takeover, on: db)
            let again = try #require(try await a.claim(limit: 10, on: db).first)
            #expect(
                again.jobID == stalled.jobID && again.version == 3 && again.previousOwner == nil,
                "released, not taken over")

            // The heartbeat renews only the jobs named (those running): a job that ended without
            // giving its lease back (the database was out of reach) is left to run out, and is
            // then claimed again, here by its former owner.
            let (running, ended) = (first[1], first[2])
            try await db.sql().raw("UPDATE generation_jobs SET lease_until = 1 WHERE id = \(bind: ended.jobID)").run()
            #expect(try await a.renew([running.jobID], on: db) == [running])
            #expect(try await GenerationJob.find(ended.jobID, on: db)?.leaseUntil == 1)
            let reclaimed = try await a.claim(limit: 10, on: db)
            #expect(reclaimed.map(\.jobID) == [ended.jobID] && reclaimed.first?.version == 2)
        } catch {
            await service.stop()
            throw error
        }
        await service.stop()
    }

    /// PostgreSQL: many claims at once never hand one job to two owners (SKIP LOCKED), and a job
    /// whose owner is inside a fenced write cannot be taken over until it commits.
    @Test(.enabled(if: TestDatabase.postgresURL != nil, "needs PostgreSQL"))
    func concurrentClaimsNeverShareAJob() async throws {
        let service = try await TestService.start(.postgres) { $0.runsJobs = false }
        do {
            let token = try await service.signUp()
            #expect(try await service.createPersona(token: token, photos: try TestPhotos.obamaSet()).status == .created)
            let db = service.app.db
            let owners = (0..<8).map { JobLeases(owner: "owner-\($0)", duration: 60, postgres: true) }
            let claimed = try await withThrowingTaskGroup(of: [JobLease].self) { group in
                for owner in owners { group.addTask { try await owner.claim(limit: 1, on: db) } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 5 && Set(claimed.map(\.jobID)).count == 5, "\(claimed)")

            // The holder of one job is inside a fenced write when its lease runs out: no one can
            // take the job over until that write commits (the row is locked and skipped).
            let held = claimed[0]
            let holderName = try await db.sql().raw(
                "SELECT lease_owner FROM generation_jobs WHERE id = \(bind: held.jobID)"
            ).first()?.decode(column: "lease_owner", as: String.self)
            let holder = try #require(owners.first { $0.owner == holderName })
            try await db.sql().raw("UPDATE generation_jobs SET lease_until = 0 WHERE id = \(bind: held.jobID)").run()
            let thief = JobLeases(owner: "thief", duration: 60, postgres: true)
            let during = try await holder.fenced(held, on: db) { _ in try await thief.claim(limit: 10, on: db) }
            #expect(during.isEmpty, "skipped while the owner writes")
            #expect(try await thief.claim(limit: 10, on: db).map(\.jobID) == [held.jobID], "taken over after")
        } catch {
            await service.stop()
            throw error
        }
        await service.stop()
    }
}
