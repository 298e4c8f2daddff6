import FAL
import PersonaKit

/// Uploads each reference photo to FAL's storage once and hands every later asker the same
/// `file_url`: a persona's five portraits share its references, and run at the same time, so an
/// upload in flight is awaited rather than repeated. Entries are dropped after `lifetime`
/// (FAL's stored files do not live forever, and memory should not grow with every persona).
actor ReferenceUploads {
    private struct Entry {
        let task: Task<String, any Error>
        let started: ContinuousClock.Instant
    }
    private var entries: [String: Entry] = [:]
    private let lifetime: Duration

    init(lifetime: Duration = .seconds(3600)) { self.lifetime = lifetime }

    func url(for reference: ReferencePhoto, upload: @escaping @Sendable () async throws -> String) async throws
        -> String
    {
        let now = ContinuousClock.now
        entries = entries.filter { now - $0.value.started < lifetime }
        if let entry = entries[reference.location] { return try await entry.task.value }
        let task = Task { try await upload() }
        entries[reference.location] = Entry(task: task, started: now)
        do {
            return try await task.value
        } catch {
            // A failed upload must not be remembered: the next portrait tries again.
            entries[reference.location] = nil
            throw error
        }
    }
}
