import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Deletes draft personas nobody has touched for `ServiceConfig.draftLifetime` (24 h), with their
/// photos' rows, analyses and files: an abandoned capture leaves nothing behind. Every process
/// runs it; deleting a draft twice is harmless.
enum DraftCleanup {
    /// Deletes the drafts last touched before `now - lifetime`; returns how many went.
    @discardableResult
    static func run(services: InflioServices, db: any Database, lifetime: TimeInterval, now: Date = Date())
        async throws -> Int
    {
        let cutoff = now.addingTimeInterval(-lifetime)
        let stale = try await Persona.query(on: db).filter(\.$status == .pendingUpload)
            .filter(\.$updatedAt < cutoff).all()
        var removed = 0
        for persona in stale {
            let id = try persona.requireID()
            // Checked again under the draft's lock: a build or a photo since the query keeps it.
            let deleted = try await PersonaStore.delete(persona, services: services, db: db) { db in
                guard try await DraftService.lockDraft(id, on: db) else { return false }
                let current = try await Persona.find(id, on: db)
                return current.map { ($0.updatedAt ?? .distantPast) < cutoff } ?? false
            }
            if deleted { removed += 1 }
        }
        return removed
    }
}

/// Runs the clean-up once at start and then every `interval` until shutdown.
struct DraftCleanupSchedule: LifecycleHandler {
    let interval: TimeInterval
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(interval: TimeInterval) { self.interval = interval }

    func didBootAsync(_ app: Application) async throws {
        let interval = interval
        task.withLockedValue {
            $0 = Task {
                while !Task.isCancelled {
                    do {
                        let removed = try await DraftCleanup.run(
                            services: app.inflio, db: app.db, lifetime: app.inflio.config.draftLifetime)
                        if removed > 0 { app.logger.info("draft clean-up: \(removed) abandoned draft(s) deleted") }
                    } catch {
                        app.logger.warning("draft clean-up failed: \(error)")
                    }
                    try? await Task.sleep(for: .seconds(interval))
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let running = task.withLockedValue { $0 }
        running?.cancel()
        await running?.value
    }
}
