import Faces
import Fluent
import NIOConcurrencyHelpers
import PersonaKit
import Providers
import SQLKit
import Vapor

/// Runs portrait jobs. Jobs are rows; a process runs one only after claiming it into a lease
/// (JobLeases): on PostgreSQL any number of processes share the work, and a job whose owner died
/// is taken over when its lease expires and resumed by its stored provider request id, never
/// submitted twice. Each job is durable: its state and the provider's request id are saved
/// before waiting, and every write its owner makes is fenced by the lease's version.
final class PortraitGenerator: Sendable {
    let app: Application
    let leases: JobLeases
    /// False for `inflio serve --no-worker`: this process queues jobs but never claims them.
    let runsJobs: Bool
    /// How many portraits this process generates at once, across personas.
    let workers: Int
    /// How often an idle worker looks for jobs nobody has announced (expired leases, a missed
    /// notification); a queued job's notification wakes it sooner.
    let pollInterval: TimeInterval
    /// Serialises, in this process, the verdict of a portrait with the "is the persona finished?"
    /// step; across processes the persona's row lock does (PostgreSQL).
    let finishing = AsyncSemaphore(permits: 1)
    let running = NIOLockedValueBox<[UUID: (lease: JobLease, task: Task<Void, Never>)]>([:])
    private let poked = NIOLockedValueBox(false)
    private let stopped = NIOLockedValueBox(false)
    private let loops = NIOLockedValueBox<[Task<Void, Never>]>([])

    init(app: Application, config: ServiceConfig) {
        self.app = app
        leases = JobLeases(
            owner: JobLeases.processOwner(), duration: config.leaseDuration, postgres: config.usesPostgres)
        runsJobs = config.runsJobs
        workers = max(1, config.generationWorkers)
        pollInterval = config.jobPollInterval
    }

    var services: InflioServices { app.inflio }
    var db: any Database { app.db }

    /// Starts claiming jobs (and renewing the leases held). SQLite serves one process by design,
    /// so any lease found at start is a dead process's and is released at once.
    func startWorker() async throws {
        guard runsJobs else { return }
        if !leases.postgres {
            try await db.sql().raw(
                "UPDATE generation_jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL"
            ).run()
        }
        let open = try await JobLeases.openJobs(on: db)
        if open > 0 { app.logger.info("\(open) open portrait job(s) to claim") }
        let claiming = Task { [self] in await claimLoop() }
        let heartbeat = Task { [self] in await heartbeatLoop() }
        loops.withLockedValue { $0 = [claiming, heartbeat] }
    }

    /// A job was queued: this process's worker looks now, and on PostgreSQL every other process's
    /// is told (the first to claim it runs it).
    func schedule(_ jobID: UUID) {
        poke()
        guard leases.postgres else { return }
        let db = self.db
        let logger = app.logger
        Task {
            do {
                try await DatabaseNotifications.notify(.job, on: db)
            } catch {
                logger.warning("could not announce job \(jobID): \(error); workers find it at their next poll")
            }
        }
    }

    func poke() { poked.withLockedValue { $0 = true } }

    private func claimLoop() async {
        while !stopped.withLockedValue({ $0 }), !Task.isCancelled {
            poked.withLockedValue { $0 = false }
            let free = workers - running.withLockedValue { $0.count }
            do {
                let claimed = try await leases.claim(limit: free, on: db)
                // Stopped while claiming: given straight back, never started on a closing database.
                if stopped.withLockedValue({ $0 }) {
                    for lease in claimed { try? await leases.release(lease, on: db) }
                    return
                }
                for lease in claimed { start(lease) }
            } catch {
                app.logger.warning("claiming portrait jobs: \(error)")
            }
            // Until poked, or the poll interval is up.
            let deadline = Date().addingTimeInterval(pollInterval)
            while Date() < deadline, !poked.withLockedValue({ $0 }), !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(25))
            }
        }
    }

    /// Renews the leases of the jobs this process runs, at a third of the lease's length; a job
    /// whose lease is gone (taken over while this process was stalled) is stopped at once. Only
    /// the leases asked about are judged: a job claimed while the renewal was on its way was not
    /// in it, and has not lost anything.
    private func heartbeatLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(leases.duration / 3))
            if Task.isCancelled { return }
            do {
                let asked = Set(running.withLockedValue { $0.values.map(\.lease) })
                let held = try await leases.renew(asked.map(\.jobID), on: db)
                let lost = running.withLockedValue { running in
                    running.values.filter { asked.contains($0.lease) && !held.contains($0.lease) }
                }
                for job in lost {
                    app.logger.warning("portrait job \(job.lease.jobID): lease lost to another process; stopping here")
                    job.task.cancel()
                }
            } catch {
                app.logger.warning("renewing job leases: \(error)")
            }
        }
    }

    private func start(_ lease: JobLease) {
        if let previous = lease.previousOwner, previous != leases.owner {
            services.metrics.recordTakeover()
            app.logger.notice("portrait job \(lease.jobID): taken over from \(previous), whose lease expired")
        }
        let task = Task { [self] in
            // Cut off from the database, the job keeps its lease: it is claimed again when the
            // lease runs out, by then (likely) with the database back.
            if await run(lease) {
                do {
                    try await leases.release(lease, on: db)
                } catch {
                    app.logger.warning("releasing job \(lease.jobID): \(error)")
                }
            }
            // Only this claim's entry: the job may have been claimed again meanwhile (its lease ran
            // out while this task was cut off), and the new claim's task must stay tracked.
            running.withLockedValue { if $0[lease.jobID]?.lease == lease { $0[lease.jobID] = nil } }
            poke()
        }
        running.withLockedValue { $0[lease.jobID] = (lease, task) }
    }

    /// Waits until this process has no job running and none is open for it to claim (tests), or,
    /// once stopped, until its jobs have ended (shutdown).
    func drain() async {
        if stopped.withLockedValue({ $0 }) {
            // The loops first: a claim in flight ends (its jobs given back) before the database closes.
            for loop in loops.withLockedValue({ $0 }) { await loop.value }
        }
        while true {
            for job in running.withLockedValue({ Array($0.values) }) { await job.task.value }
            if stopped.withLockedValue({ $0 }) || !runsJobs {
                if running.withLockedValue({ $0.isEmpty }) { return }
                continue
            }
            let open = (try? await JobLeases.openJobs(on: db)) ?? 0
            if open == 0, running.withLockedValue({ $0.isEmpty }) { return }
            poke()
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops claiming and cancels every job; their leases are released as they end, so another
    /// process (or this one's next start) resumes them.
    func cancelAll() {
        stopped.withLockedValue { $0 = true }
        for loop in loops.withLockedValue({ $0 }) { loop.cancel() }
        for job in running.withLockedValue({ Array($0.values) }) { job.task.cancel() }
    }

    /// Runs the job to its end; false when it stopped because the database was out of reach.
    func run(_ lease: JobLease) async -> Bool {
        do {
            guard let job = try await GenerationJob.find(lease.jobID, on: db), !job.state.isFinished else {
                return true
            }
            try await process(job, lease: lease)
        } catch {
            // Stopped by a shutdown or a lost lease: the job stays open, and its next owner
            // resumes its request.
            if Task.isCancelled || error is LeaseLost { return true }
            if TransientDatabaseError.matches(error) {
                app.logger.warning(
                    "portrait job \(lease.jobID): the database is out of reach (\(String(reflecting: error))); it is claimed again after its lease"
                )
                return false
            }
            app.logger.report(error: error)
            await markFailed(lease, error: error)
        }
        return true
    }

    static func encode(_ request: PortraitRequest) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(request), as: UTF8.self)
    }

    static func describe(_ error: any Error) -> String {
        if let verdict = error as? SubmissionVerdict { return verdict.description }
        if let error = error as? ProviderError {
            switch error {
            case .rejected(let code, let message): return "\(code): \(message)"
            case .unavailable(let message): return "provider_unavailable: \(message)"
            case .unknownRequest(let id): return "unknown_request: \(id)"
            case .cancelled: return "cancelled"
            }
        }
        return String(describing: error)
    }
}
