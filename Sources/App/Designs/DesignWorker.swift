import Crypto
import Fluent
import Foundation
import Imaging
import NIOConcurrencyHelpers
import PersonaKit
import Providers
import SQLKit
import Vapor

/// Renders queued design versions. A version is claimed into a lease (a token for this claim and
/// an expiry on the database's clock on PostgreSQL) with one conditional UPDATE, renewed while the
/// render runs. A version whose renderer died (a `kill -9`) is claimed again when its lease runs
/// out; the next start of a single process requeues its own leftovers at once. Every write of a
/// claim is fenced: it happens only while the lease is still that claim's and the design still
/// exists, so a render taken over or deleted meanwhile writes nothing. The layout renderer is
/// deterministic and free, so a render repeated after a crash gives the same picture; the ledger
/// line is written once per version.
final class DesignWorker: Sendable {
    let app: Application
    let owner = JobLeases.processOwner()
    let postgres: Bool
    let runsJobs: Bool
    let leaseMS: Int64
    let pollInterval: TimeInterval
    /// Designs render on the compute threads; more at once only holds more photos in memory.
    let slots = max(1, PersonaKit.System.computeThreads)
    private let running = NIOLockedValueBox(0)
    private let poked = NIOLockedValueBox(false)
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// The renders running, cancelled on stop: a model's picture may be minutes away, and its
    /// stored request is resumed by the next claim rather than waited out.
    private let renders = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])
    /// The preview streams running beside FAL queue jobs, by version (`INFLIO_DESIGN_PREVIEW`).
    let previews = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])
    var logger: Logger { app.logger }

    init(app: Application, config: ServiceConfig) {
        self.app = app
        postgres = config.usesPostgres
        runsJobs = config.runsJobs
        // As portrait jobs' (INFLIO_LEASE_SECONDS, 15 s by default): renewed at a third of it while
        // a render or a model's wait runs, so after a crash another process takes over that soon.
        leaseMS = Int64((config.leaseDuration * 1000).rounded())
        pollInterval = config.jobPollInterval
    }

    var db: any Database { app.db }

    func start() async throws {
        guard runsJobs else { return }
        if !postgres {
            try await db.sql().raw(
                "UPDATE design_versions SET state = 'queued', lease_owner = NULL, lease_until = NULL WHERE state = 'rendering'"
            ).run()
        }
        loop.withLockedValue { $0 = Task { [self] in await claimLoop() } }
    }

    func stop() async {
        let task = loop.withLockedValue { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
        for render in renders.withLockedValue({ Array($0.values) }) { render.cancel() }
        while running.withLockedValue({ $0 }) > 0 { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// A version was queued: look now here, and on PostgreSQL tell the other processes.
    func schedule() {
        poke()
        guard postgres else { return }
        let db = self.db
        Task { try? await DatabaseNotifications.notify(.job, on: db) }
    }

    func poke() { poked.withLockedValue { $0 = true } }

    private func claimLoop() async {
        while !Task.isCancelled {
            poked.withLockedValue { $0 = false }
            while running.withLockedValue({ $0 }) < slots, !Task.isCancelled {
                do {
                    guard let claim = try await claim() else { break }
                    running.withLockedValue { $0 += 1 }
                    let id = UUID()
                    // Made under the lock, so its own removal (which takes the lock) comes after.
                    renders.withLockedValue { renders in
                        renders[id] = Task { [self] in
                            await render(claim)
                            self.renders.withLockedValue { $0[id] = nil }
                            running.withLockedValue { $0 -= 1 }
                            poke()
                        }
                    }
                } catch {
                    logger.warning("claiming design versions: \(error)")
                    break
                }
            }
            let deadline = Date().addingTimeInterval(pollInterval)
            while Date() < deadline, !poked.withLockedValue({ $0 }), !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(25))
            }
        }
    }

    private var now: SQLQueryString {
        postgres
            ? "(extract(epoch from clock_timestamp()) * 1000)::bigint"
            : "\(bind: Int64((Date().timeIntervalSince1970 * 1000).rounded()))"
    }

    /// One claim of one version: the lease's token is this process and a fresh id, so even this
    /// process's own later claim of the same version (after its lease ran out) is another claim.
    struct Claim: Sendable {
        let versionID: UUID
        let token: String
    }

    /// A claim taken over by another (its lease ran out), or a version deleted while rendering.
    struct LeaseLost: Error {}

    /// Claims after which a version is given up (`render_failed`).
    static let maxAttempts = 3

    /// The oldest version nobody renders, now leased to this claim. A variation whose picture
    /// the first of its group is to ask for (one request for four) waits while that one is
    /// queued or rendering; it goes on its own only if the first ends without asking for it.
    func claim() async throws -> Claim? {
        let skipLocked: SQLQueryString = postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let token = "\(owner):\(UUID().uuidString.prefix(8).lowercased())"
        let row = try await db.sql().raw(
            """
            UPDATE design_versions SET state = 'rendering', lease_owner = \(bind: token),
                lease_until = \(now) + \(bind: leaseMS), attempts = attempts + 1
            WHERE id = (SELECT v.id FROM design_versions v
                WHERE (v.state = 'queued' OR (v.state = 'rendering' AND v.lease_until < \(now)))
                    AND NOT (v.provider_request IS NULL AND v.shares_request_of IS NOT NULL
                        AND EXISTS (SELECT 1 FROM design_versions sharer WHERE sharer.id = v.shares_request_of
                            AND sharer.state IN ('queued', 'rendering')))
                ORDER BY v.created_at LIMIT 1\(skipLocked))
            RETURNING id
            """
        ).first()
        return try row.map { Claim(versionID: try $0.decode(column: "id", as: UUID.self), token: token) }
    }

    /// Extends the claim's lease; false when it is no longer this claim's.
    func renew(_ claim: Claim) async throws -> Bool {
        try await !db.sql().raw(
            """
            UPDATE design_versions SET lease_until = \(now) + \(bind: leaseMS)
            WHERE id = \(bind: claim.versionID) AND lease_owner = \(bind: claim.token) AND state = 'rendering'
            RETURNING id
            """
        ).all().isEmpty
    }

    /// Runs `body` in a transaction that first holds the version's row for this claim (still its
    /// lease, still rendering, its design still there); throws `LeaseLost`, writing nothing, when
    /// it is not. On PostgreSQL the row stays locked until the commit, so no claim takes it over
    /// in between; SQLite has one writer.
    func fenced(_ claim: Claim, _ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        try await db.transaction { db in
            let held = try await db.sql().raw(
                """
                UPDATE design_versions SET lease_until = lease_until
                WHERE id = \(bind: claim.versionID) AND lease_owner = \(bind: claim.token) AND state = 'rendering'
                    AND EXISTS (SELECT 1 FROM designs WHERE designs.id = design_versions.design_id)
                RETURNING id
                """
            ).all()
            guard !held.isEmpty else { throw LeaseLost() }
            try await body(db)
        }
    }

    private func render(_ claim: Claim) async {
        guard let version = try? await DesignVersion.find(claim.versionID, on: db),
            let design = try? await Design.find(version.$design.id, on: db)
        else { return }
        // The lease is renewed at a third of its length while the render runs.
        let heartbeat = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(leaseMS / 3))
                if Task.isCancelled { return }
                if (try? await renew(claim)) == false { return }
            }
        }
        defer { heartbeat.cancel() }
        do {
            if version.attempts > Self.maxAttempts {
                throw ServiceError(
                    .internalServerError, "render_failed",
                    "The design could not be drawn after \(Self.maxAttempts) attempts.")
            }
            try await renderChecked(version, design, claim)
        } catch is LeaseLost {
            logger.info(
                "design version \(claim.versionID): taken over or deleted while rendering; left to its new state")
        } catch  where Task.isCancelled {
            // Stopping: queued again as it is (a stored request stays, to be resumed), for any process.
            await Task.detached { [self] in
                try? await fenced(claim) { db in
                    try await db.sql().raw(
                        """
                        UPDATE design_versions SET state = 'queued', lease_owner = NULL, lease_until = NULL,
                            attempts = attempts - 1
                        WHERE id = \(bind: claim.versionID)
                        """
                    ).run()
                }
            }.value
            logger.info("design version \(claim.versionID): stopped while rendering; queued again")
        } catch {
            let (code, message) = Self.describe(error)
            let lasting = Self.isLasting(error) || version.attempts >= Self.maxAttempts
            logger.warning(
                "design \(design.id?.uuidString ?? "?") version \(version.number) \(lasting ? "failed" : "will be tried again"): \(code) \(message)"
            )
            do {
                try await fenced(claim) { db in
                    if lasting {
                        try await db.sql().raw(
                            """
                            UPDATE design_versions SET state = 'failed', error_code = \(bind: code),
                                error_message = \(bind: message), lease_owner = NULL, lease_until = NULL,
                                completed_at = \(bind: Date())
                            WHERE id = \(bind: claim.versionID)
                            """
                        ).run()
                    } else {
                        // A passing failure (the database, the store): queued again for any process.
                        try await db.sql().raw(
                            """
                            UPDATE design_versions SET state = 'queued', lease_owner = NULL, lease_until = NULL
                            WHERE id = \(bind: claim.versionID)
                            """
                        ).run()
                    }
                }
            } catch {
                logger.warning("design version \(claim.versionID): could not record the failure: \(error)")
                return
            }
            // Either way another claim may follow: this one again, or the variations that waited for it.
            schedule()
            if lasting {
                await publish(
                    "design.failed", design,
                    ["version": .number(Double(version.number)), "code": .string(code), "message": .string(message)])
            }
        }
    }

    private func renderChecked(_ version: DesignVersion, _ design: Design, _ claim: Claim) async throws {
        let services = app.inflio
        guard let persona = try await Persona.find(design.personaID, on: db), let identity = persona.identity else {
            throw ServiceError(.conflict, "persona_gone", "The persona this design was made from is gone.")
        }
        if version.provider == "fal" {
            guard let fal = services.falDesigns else {
                throw ServiceError(
                    .serviceUnavailable, "provider_unavailable",
                    "This version was asked of FAL, which this server is no longer set up for (INFLIO_PROVIDER).")
            }
            return try await renderOnFAL(version, design, claim, identity: identity, provider: fal)
        }
        var spec = try DesignJSON.decode(DesignSpec.self, version.spec)
        let inputs = try DesignJSON.decode(DesignInputs.self, version.inputs)
        await publish(
            "design.progress", design, ["version": .number(Double(version.number)), "stage": .string("rendering")])
        var photos: [[UInt8]] = []
        for reference in inputs.references { photos.append(try await services.blobs.get(reference.location)) }
        let logo: [UInt8]? = if let key = inputs.logoKey { try? await services.blobs.get(key) } else { nil }
        let references = inputs.references
        let loaded = photos
        // INFLIO_LOCAL_LATENCY, as for portraits: the browser tests see a version in the making.
        let latency = app.inflio.config.localLatency
        if latency > 0 { try await Task.sleep(for: .seconds(latency)) }
        var notes = try DesignJSON.decode([String].self, version.notes)

        // Drawn, then checked: a design that shows a person must show this person. One that
        // fails is made once more with another of the person's photos (when there is another),
        // then kept with a warning.
        var attempt = 0
        var result: (png: [UInt8], report: DesignReport, check: PortraitVerification)
        while true {
            let frozen = spec
            let (png, jpeg, report) = try await services.compute.runIfActive {
                let render = try LayoutRenderer.render(spec: frozen, references: references, photos: loaded, logo: logo)
                return (try render.image.png(compression: .fast), try render.image.jpeg(quality: 92), render.report)
            }
            await publish(
                "design.progress", design,
                ["version": .number(Double(version.number)), "stage": .string("checking likeness")])
            let check = try await services.compute.runIfActive { services.verifierResult(jpeg, identity: identity) }
            result = (png, report, check)
            if check.verified || attempt == 1 { break }
            guard report.usableReferences > 1 else {
                notes.append(
                    "The face did not pass the likeness check (\(check.reason ?? "no_face")), and no other of your photos frames this design, so it was not made again."
                )
                break
            }
            attempt += 1
            notes.append(
                "The first picture's face did not pass the likeness check (\(check.reason ?? "no_face")); it was made again with another of your photos."
            )
            spec.referenceRank += 1
        }
        // A refinement that leaves the picture as it was says so, rather than "Changed: …" over a
        // copy (a tester's "bigger title" on a title already filling its space, and "the brand's
        // colours" on a backdrop already in them).
        if version.kind == .refine, let previous = inputs.previousVersion,
            let before = try? await services.blobs.get("\(DesignStudio.folder(design))/v\(previous).png"),
            before == result.png
        {
            notes = Self.unchangedNotes(notes, since: previous)
        }
        let (width, height) = spec.format.size
        let ledger = LedgerEntry(
            userID: version.userID, personaID: design.personaID, jobID: claim.versionID,
            provider: DesignStudio.provider, model: DesignStudio.model, resolution: "\(width)x\(height)",
            unitPriceUSD: 0, units: attempt + 1)
        let finalSpec = DesignJSON.encode(spec)
        ledger.requestID = Self.requestID(finalSpec)
        try await complete(
            Finished(
                png: result.png, base: nil, report: result.report, check: result.check, notes: notes,
                spec: finalSpec, requestID: Self.requestID(finalSpec), textCheck: "drawn", ledger: ledger),
            version, design, claim)
    }

    /// A refinement's notes when its picture came out the same as version `previous`'s: no
    /// "Changed: …" (nothing did), and first, that nothing did; the renderer's reasons (the title
    /// already fills its space) stay after it.
    static func unchangedNotes(_ notes: [String], since previous: Int) -> [String] {
        [
            "Nothing changed: this version looks the same as v\(previous). It already was as asked, or could go no further here."
        ] + notes.filter { !$0.hasPrefix("Changed: ") }
    }

    /// Errors another try would not change: the request's own (a refusal, a picture that cannot
    /// be drawn). Others (the database, the store, a stopping pool) pass.
    static func isLasting(_ error: any Error) -> Bool {
        switch error {
        // A model out of reach, slow, or lost track of: another claim resumes the stored request
        // (or submits again) later.
        case ProviderError.unavailable, ProviderError.cancelled, ProviderError.unknownRequest: false
        case is SubmissionVerdict: false
        default:
            error is ServiceError || error is ProviderError || error is ImagingError || error is DecodingError
        }
    }

    static func requestID(_ spec: String) -> String {
        "layout-" + SHA256.hash(data: Data(spec.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    static func describe(_ error: any Error) -> (String, String) {
        switch error {
        case let error as ServiceError: (error.code, error.message)
        case ProviderError.rejected(let code, let message): (code, message)
        case ProviderError.unavailable(let reason):
            ("provider_unavailable", "The image model could not be reached or did not answer: \(reason)")
        case let verdict as SubmissionVerdict: (verdict.code, "\(verdict)")
        case let error as ImagingError: ("render_failed", "The design could not be drawn: \(error.message)")
        default: ("render_failed", "The design could not be drawn.")
        }
    }

    func publish(_ type: String, _ design: Design, _ data: [String: JSONValue]) async {
        var data = data
        data["designId"] = .string(design.id!.uuidString.lowercased())
        do {
            try await app.inflio.events.publish(type, personaID: design.personaID, data: .object(data), on: db)
        } catch {
            logger.warning("could not publish \(type): \(error)")
        }
    }
}
