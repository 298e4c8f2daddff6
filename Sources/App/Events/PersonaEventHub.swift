import Fluent
import Logging
import NIOConcurrencyHelpers
import PersonaKit
import SQLKit
import Vapor

/// A persona's progress event as clients see it.
struct PersonaEventBody: Codable, Sendable {
    let id: Int
    let type: String
    let data: JSONValue
}

/// Stores every event and wakes the streams that follow its persona, on every process. A stream
/// reads what it has not sent yet from the database whenever it is woken, so the wake carries no
/// payload: on PostgreSQL it is a `NOTIFY` with the persona's id (DatabaseNotifications), which
/// every process's listener receives after the commit; on SQLite (one process) a local call.
/// Reading from the database on each wake is what makes a stream that reconnects elsewhere with
/// `Last-Event-ID` miss nothing: there is one history, and ids are its cursor.
final class PersonaEventHub: Sendable {
    private let subscribers = NIOLockedValueBox<[UUID: [UUID: AsyncStream<Void>.Continuation]]>([:])
    /// Set at shutdown: no stream reads the database after it closes.
    private let closed = NIOLockedValueBox(false)
    let postgres: Bool
    let logger: Logger
    /// The database the streams read from (the application's, set up before any stream starts).
    private let database: @Sendable () -> any Database

    init(postgres: Bool, logger: Logger, database: @escaping @Sendable () -> any Database) {
        self.postgres = postgres
        self.logger = logger
        self.database = database
    }

    func publish(_ type: String, personaID: UUID, data: JSONValue, on db: any Database) async throws {
        let encoded = String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
        let event = PersonaEventRecord(personaID: personaID, type: type, data: encoded)
        if postgres {
            // Ids are the streams' cursor, so a persona's events must become visible in id order: a
            // lock per persona, held to the commit, keeps a second writer from taking a later id and
            // committing first (a stream would then pass over the earlier one for good).
            try await db.transaction { db in
                try await db.sql().raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockKey(personaID)))").run()
                try await event.save(on: db)
                try await DatabaseNotifications.notify(.event(personaID), on: db)
            }
        } else {
            try await event.save(on: db)
        }
        wake(personaID)
    }

    /// Streams this process serves now (`/metrics`).
    var streamCount: Int { subscribers.withLockedValue { $0.values.reduce(0) { $0 + $1.count } } }

    /// Wakes this process's streams of a persona (a notification arrived, or a local write committed).
    func wake(_ personaID: UUID) {
        for continuation in subscribers.withLockedValue({ Array(($0[personaID] ?? [:]).values) }) {
            continuation.yield()
        }
    }

    /// Wakes every stream: after the notification listener reconnected, anything may have been missed.
    func wakeAll() {
        for continuation in subscribers.withLockedValue({ $0.values.flatMap(\.values) }) { continuation.yield() }
    }

    /// The persona's events after `cursor`, oldest first: the stored ones at once, then each new one
    /// as it is written, on any process, until the stream is dropped or the persona is closed.
    func subscribe(personaID: UUID, after cursor: Int) -> AsyncStream<PersonaEventBody> {
        let key = UUID()
        let (wakes, waker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (events, output) = AsyncStream<PersonaEventBody>.makeStream()
        subscribers.withLockedValue { $0[personaID, default: [:]][key] = waker }
        waker.yield()  // the stored ones first
        let reader = Task { [database, logger, closed] in
            var sent = cursor
            for await _ in wakes {
                if closed.withLockedValue({ $0 }) { break }
                do {
                    for event in try await Self.replay(personaID: personaID, after: sent, on: database()) {
                        output.yield(event)
                        sent = event.id
                    }
                } catch {
                    // The database is away (restarting, say): read again in a moment.
                    logger.warning("event stream of \(personaID): \(error); reading again in 1 s")
                    Task {
                        try? await Task.sleep(for: .seconds(1))
                        waker.yield()
                    }
                }
            }
            output.finish()
        }
        output.onTermination = { [weak self] _ in
            reader.cancel()
            waker.finish()
            self?.subscribers.withLockedValue { $0[personaID]?[key] = nil }
        }
        return events
    }

    /// The id of the persona's latest event (0 when none): a stream that wants only what comes next.
    func latestID(personaID: UUID, on db: any Database) async throws -> Int {
        try await PersonaEventRecord.query(on: db).filter(\.$persona.$id == personaID).sort(\.$id, .descending)
            .first()?.id ?? 0
    }

    /// Stored events after `lastID`, oldest first.
    static func replay(personaID: UUID, after lastID: Int, on db: any Database) async throws -> [PersonaEventBody] {
        try await PersonaEventRecord.query(on: db)
            .filter(\.$persona.$id == personaID)
            .filter(\.$id > lastID)
            .sort(\.$id)
            .all()
            .map {
                PersonaEventBody(
                    id: try $0.requireID(), type: $0.type,
                    data: (try? JSONDecoder().decode(JSONValue.self, from: Data($0.data.utf8))) ?? .null)
            }
    }

    /// In the transaction that deletes a persona: on PostgreSQL, every other process is told at
    /// the commit to end its streams of it (this process ends its own with `close` after the commit).
    func announceClosed(personaID: UUID, on db: any Database) async throws {
        guard postgres else { return }
        try await DatabaseNotifications.notify(.closed(personaID), on: db)
    }

    /// Ends this process's streams of a persona (it was deleted).
    func close(personaID: UUID) {
        for continuation in subscribers.withLockedValue({
            $0.removeValue(forKey: personaID).map { Array($0.values) } ?? []
        }) {
            continuation.finish()
        }
    }

    /// Ends every stream (the service is stopping, its database about to close).
    func closeAll() {
        closed.withLockedValue { $0 = true }
        let all = subscribers.withLockedValue { subscribers in
            defer { subscribers = [:] }
            return subscribers.values.flatMap(\.values)
        }
        for continuation in all { continuation.finish() }
    }

    /// An advisory lock key for a persona: its id's first 64 bits.
    static func lockKey(_ personaID: UUID) -> Int64 {
        withUnsafeBytes(of: personaID.uuid) { Int64(bitPattern: $0.loadUnaligned(as: UInt64.self)) }
    }
}

extension PersonaEventHub {
    /// A typed event (PersonaKit's PersonaEvent), stored and streamed as its wire name and data.
    func publish(_ event: PersonaEvent, personaID: UUID, on db: any Database) async throws {
        try await publish(event.type, personaID: personaID, data: try event.data(), on: db)
    }
}
