import Fluent
import Foundation
import SQLKit

/// Claims open jobs into leases, renews them, and fences the owner's writes. PostgreSQL is the
/// queue (as solid_queue, Oban and River use it): `FOR UPDATE SKIP LOCKED` lets every process
/// claim at once without waiting on each other, and lease times come from the database's clock,
/// so processes whose clocks differ still agree on expiry. SQLite (one process by design) runs
/// the same code with the process's clock; its single writer makes the claim atomic.
struct JobLeases: Sendable {
    /// This process, as `host:pid:random` (the random part tells a restarted pid apart).
    let owner: String
    /// How long a claim holds without renewal; the heartbeat renews it at a third of this.
    let duration: TimeInterval
    let postgres: Bool

    static func processOwner() -> String {
        let host = ProcessInfo.processInfo.hostName
        return "\(host):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    var durationMS: Int64 { Int64((duration * 1000).rounded()) }

    /// Now in epoch milliseconds, as SQL: the database's clock on PostgreSQL, a bound value on SQLite.
    private var now: SQLQueryString {
        postgres
            ? "(extract(epoch from clock_timestamp()) * 1000)::bigint"
            : "\(bind: Int64((Date().timeIntervalSince1970 * 1000).rounded()))"
    }

    /// Up to `limit` open jobs (queued or submitted) whose lease is free or expired, oldest first,
    /// now leased to this process.
    func claim(limit: Int, on db: any Database) async throws -> [JobLease] {
        guard limit > 0 else { return [] }
        let sql = try db.sql()
        let rows: [any SQLRow]
        if postgres {
            rows = try await sql.raw(
                """
                WITH picked AS (
                    SELECT id, CASE WHEN lease_until IS NULL THEN NULL ELSE lease_owner END AS previous_owner
                    FROM generation_jobs
                    WHERE state IN ('queued', 'submitted') AND (lease_until IS NULL OR lease_until < \(now))
                    ORDER BY created_at LIMIT \(bind: limit) FOR UPDATE SKIP LOCKED)
                UPDATE generation_jobs AS job
                SET lease_owner = \(bind: owner), lease_until = \(now) + \(bind: durationMS),
                    lease_version = job.lease_version + 1
                FROM picked WHERE job.id = picked.id
                RETURNING job.id AS id, job.lease_version AS lease_version, picked.previous_owner AS previous_owner
                """
            ).all()
        } else {
            // One writer at a time: the candidates cannot change between this read and the update,
            // whose version check makes each claim exact anyway.
            let candidates = try await sql.raw(
                """
                SELECT id, lease_version, CASE WHEN lease_until IS NULL THEN NULL ELSE lease_owner END AS previous_owner
                FROM generation_jobs
                WHERE state IN ('queued', 'submitted') AND (lease_until IS NULL OR lease_until < \(now))
                ORDER BY created_at LIMIT \(bind: limit)
                """
            ).all()
            var claimed: [any SQLRow] = []
            for candidate in candidates {
                let id = try candidate.decode(column: "id", as: UUID.self)
                let version = try candidate.decode(column: "lease_version", as: Int64.self)
                let previous = try candidate.decode(column: "previous_owner", as: String?.self)
                let updated = try await sql.raw(
                    """
                    UPDATE generation_jobs SET lease_owner = \(bind: owner), lease_until = \(now) + \(bind: durationMS),
                        lease_version = lease_version + 1
                    WHERE id = \(bind: id) AND lease_version = \(bind: version)
                    RETURNING id, lease_version, \(bind: previous) AS previous_owner
                    """
                ).all()
                claimed += updated
            }
            rows = claimed
        }
        return try rows.map {
            JobLease(
                jobID: try $0.decode(column: "id", as: UUID.self),
                version: try $0.decode(column: "lease_version", as: Int64.self),
                previousOwner: try $0.decode(column: "previous_owner", as: String?.self))
        }
    }

    /// Extends the lease; false when it is no longer this claim's (taken over, or the job is gone).
    func renew(_ lease: JobLease, on db: any Database) async throws -> Bool {
        let rows = try await db.sql().raw(
            """
            UPDATE generation_jobs SET lease_until = \(now) + \(bind: durationMS)
            WHERE id = \(bind: lease.jobID) AND lease_until IS NOT NULL AND lease_owner = \(bind: owner) AND lease_version = \(bind: lease.version)
            RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Gives the job back (this process is stopping, or the job finished), so another process
    /// need not wait for the lease to expire. The owner's name stays, as who ran it last.
    func release(_ lease: JobLease, on db: any Database) async throws {
        try await db.sql().raw(
            """
            UPDATE generation_jobs SET lease_until = NULL
            WHERE id = \(bind: lease.jobID) AND lease_owner = \(bind: owner) AND lease_version = \(bind: lease.version)
            """
        ).run()
    }

    /// Runs `body` in a transaction that first checks the lease is still this claim's, holding the
    /// job's row (PostgreSQL) so no claim can take it over until the transaction ends. Throws
    /// `LeaseLost`, with nothing written, when it is not.
    func fenced<T: Sendable>(
        _ lease: JobLease, on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        try await db.transaction { db in
            try await check(lease, on: db)
            return try await body(db)
        }
    }

    /// The lease check alone, inside the caller's transaction. It is a write (of nothing new), so
    /// it takes the locks a write needs from the start: the job's row on PostgreSQL, which no claim
    /// can take over until the transaction ends; SQLite's write lock, which a transaction that had
    /// only read could fail to get later (SQLITE_BUSY, once another connection wrote meanwhile).
    func check(_ lease: JobLease, on db: any Database) async throws {
        let held = try await db.sql().raw(
            """
            UPDATE generation_jobs SET lease_version = lease_version
            WHERE id = \(bind: lease.jobID) AND lease_owner = \(bind: owner) AND lease_version = \(bind: lease.version)
            RETURNING id
            """
        ).all()
        guard !held.isEmpty else { throw LeaseLost(jobID: lease.jobID) }
    }

    /// Whether any job is open (queued or submitted), leased or not.
    static func openJobs(on db: any Database) async throws -> Int {
        try await GenerationJob.query(on: db).filter(\.$state ~~ [.queued, .submitted]).count()
    }
}

extension JobLeases {
    /// Renews the leases of the jobs this process is running, in one statement (the heartbeat);
    /// answers the leases still this process's, so a job missing from it was taken over. Only
    /// running jobs: a job that ended without giving its lease back (the database was out of
    /// reach) must see its lease run out, so that some process claims it again.
    func renew(_ jobs: [UUID], on db: any Database) async throws -> Set<JobLease> {
        guard !jobs.isEmpty else { return [] }
        let rows = try await db.sql().raw(
            """
            UPDATE generation_jobs SET lease_until = \(now) + \(bind: durationMS)
            WHERE lease_owner = \(bind: owner) AND lease_until IS NOT NULL AND id IN (\(binds: jobs))
            RETURNING id, lease_version
            """
        ).all()
        return Set(
            try rows.map {
                JobLease(
                    jobID: try $0.decode(column: "id", as: UUID.self),
                    version: try $0.decode(column: "lease_version", as: Int64.self), previousOwner: nil)
            })
    }
}
