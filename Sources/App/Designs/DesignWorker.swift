import Crypto
import Fluent
import Foundation
import Imaging
import NIOConcurrencyHelpers
import PersonaKit
import Providers
import SQLKit
import Vapor

/// Renders queued design versions. A version is claimed into a lease (owner and expiry, on the
/// database's clock on PostgreSQL) with one conditional UPDATE, so of several processes exactly
/// one renders it, and a version whose renderer died (a `kill -9`) is claimed again when its
/// lease runs out; the next start of a single process releases its own leftovers at once. The
/// layout renderer is deterministic and free, so a render repeated after a crash costs nothing
/// and gives the same picture; its ledger line is written once per version.
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
    var logger: Logger { app.logger }

    init(app: Application, config: ServiceConfig) {
        self.app = app
        postgres = config.usesPostgres
        runsJobs = config.runsJobs
        // A render takes about a second; a minute covers a slow machine with room to spare.
        leaseMS = 60_000
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
                    guard let id = try await claim() else { break }
                    running.withLockedValue { $0 += 1 }
                    Task { [self] in
                        await render(id)
                        running.withLockedValue { $0 -= 1 }
                        poke()
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

    /// The oldest version nobody renders, now leased to this process.
    func claim() async throws -> UUID? {
        let skipLocked: SQLQueryString = postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let row = try await db.sql().raw(
            """
            UPDATE design_versions SET state = 'rendering', lease_owner = \(bind: owner),
                lease_until = \(now) + \(bind: leaseMS)
            WHERE id = (SELECT id FROM design_versions
                WHERE state = 'queued' OR (state = 'rendering' AND lease_until < \(now))
                ORDER BY created_at LIMIT 1\(skipLocked))
            RETURNING id
            """
        ).first()
        return try row?.decode(column: "id", as: UUID.self)
    }

    private func render(_ id: UUID) async {
        guard let version = try? await DesignVersion.find(id, on: db), version.leaseOwner == owner else { return }
        guard let design = try? await Design.find(version.$design.id, on: db) else { return }
        do {
            try await renderChecked(version, design)
        } catch {
            let (code, message) = Self.describe(error)
            logger.warning(
                "design \(design.id?.uuidString ?? "?") version \(version.number) failed: \(code) \(message)")
            version.state = .failed
            version.errorCode = code
            version.errorMessage = message
            version.leaseOwner = nil
            version.leaseUntil = nil
            version.completedAt = Date()
            try? await version.save(on: db)
            await publish(
                "design.failed", design,
                ["version": .number(Double(version.number)), "code": .string(code), "message": .string(message)])
        }
    }

    private func renderChecked(_ version: DesignVersion, _ design: Design) async throws {
        let services = app.inflio
        guard let persona = try await Persona.find(design.personaID, on: db), let identity = persona.identity else {
            throw ServiceError(.conflict, "persona_gone", "The persona this design was made from is gone.")
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
        // fails is made once more with another of the person's photos, then kept with a warning.
        var attempt = 0
        var result: (png: [UInt8], report: DesignReport, check: PortraitVerification)
        while true {
            let frozen = spec
            let (png, jpeg, report) = try await services.compute.runIfActive {
                let render = try LayoutRenderer.render(spec: frozen, references: references, photos: loaded, logo: logo)
                return (try render.image.png(), try render.image.jpeg(quality: 92), render.report)
            }
            await publish(
                "design.progress", design,
                ["version": .number(Double(version.number)), "stage": .string("checking likeness")])
            let check = try await services.compute.runIfActive { services.verifierResult(jpeg, identity: identity) }
            result = (png, report, check)
            if check.verified || attempt == 1 { break }
            attempt += 1
            notes.append(
                "The first picture's face did not pass the likeness check (\(check.reason ?? "no_face")); it was made again with another of your photos."
            )
            spec.referenceRank += 1
        }
        // Still the owner? A lease lost while rendering (a stalled process) is someone else's now.
        guard let fresh = try await DesignVersion.find(version.id, on: db), fresh.leaseOwner == owner,
            fresh.state == .rendering
        else { return }
        let key =
            "\(PersonaStore.folder(design.personaID))/designs/\(design.id!.uuidString.lowercased())/v\(version.number).png"
        try await services.blobs.put(result.png, at: key)
        let finalSpec = DesignJSON.encode(spec)
        let requestID = Self.requestID(finalSpec)
        let (width, height) = spec.format.size
        let (attempts, drawn, allNotes) = (attempt + 1, result, notes + result.report.notes)
        try await db.transaction { db in
            if try await LedgerEntry.query(on: db).filter(\.$jobID == fresh.requireID()).first() == nil {
                let line = LedgerEntry(
                    userID: fresh.userID, personaID: design.personaID, jobID: try fresh.requireID(),
                    provider: DesignStudio.provider, model: DesignStudio.model, resolution: "\(width)x\(height)",
                    unitPriceUSD: 0, units: attempts)
                line.outcome = .succeeded
                line.requestID = requestID
                try await line.create(on: db)
            }
            fresh.state = .ready
            fresh.imageKey = key
            fresh.requestID = requestID
            fresh.spec = finalSpec
            fresh.identityDistance = drawn.check.distance
            fresh.likeness = drawn.check.likeness?.rawValue
            fresh.textCheck = drawn.report.title == nil ? "none" : "drawn"
            fresh.report = DesignJSON.encode(drawn.report)
            fresh.notes = DesignJSON.encode(allNotes)
            fresh.warning =
                drawn.check.verified
                ? nil
                : "This picture may not look like you: its face did not pass the likeness check (\(drawn.check.reason ?? "no_face"))."
            fresh.leaseOwner = nil
            fresh.leaseUntil = nil
            fresh.completedAt = Date()
            try await fresh.save(on: db)
        }
        await publish("design.version_ready", design, ["version": .number(Double(version.number))])
    }

    static func requestID(_ spec: String) -> String {
        "layout-" + SHA256.hash(data: Data(spec.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    static func describe(_ error: any Error) -> (String, String) {
        switch error {
        case let error as ServiceError: (error.code, error.message)
        case ProviderError.rejected(let code, let message): (code, message)
        case let error as ImagingError: ("render_failed", "The design could not be drawn: \(error.message)")
        default: ("render_failed", "The design could not be drawn.")
        }
    }

    private func publish(_ type: String, _ design: Design, _ data: [String: JSONValue]) async {
        var data = data
        data["designId"] = .string(design.id!.uuidString.lowercased())
        do {
            try await app.inflio.events.publish(type, personaID: design.personaID, data: .object(data), on: db)
        } catch {
            logger.warning("could not publish \(type): \(error)")
        }
    }
}
