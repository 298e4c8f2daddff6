import Fluent
import NIOConcurrencyHelpers
import Vapor

/// A persona's progress event as clients see it.
struct PersonaEventBody: Codable, Sendable {
    let id: Int
    let type: String
    let data: JSONValue
}

/// Stores every event (so streams resume from `Last-Event-ID`) and pushes it to live listeners
/// of this process. Events are stored before they are pushed, so a listener that replays from
/// the database and then listens never misses one (it drops ids it already sent).
final class PersonaEventHub: Sendable {
    private let listeners = NIOLockedValueBox<[UUID: [UUID: AsyncStream<PersonaEventBody>.Continuation]]>([:])

    func publish(_ type: String, personaID: UUID, data: JSONValue, on db: any Database) async throws {
        let encoded = String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
        let event = PersonaEvent(personaID: personaID, type: type, data: encoded)
        try await event.save(on: db)
        let body = PersonaEventBody(id: try event.requireID(), type: type, data: data)
        for continuation in listeners.withLockedValue({ Array(($0[personaID] ?? [:]).values) }) {
            continuation.yield(body)
        }
    }

    /// Live events of one persona, until the returned stream is dropped.
    func subscribe(personaID: UUID) -> AsyncStream<PersonaEventBody> {
        let key = UUID()
        let (stream, continuation) = AsyncStream<PersonaEventBody>.makeStream(bufferingPolicy: .bufferingNewest(256))
        listeners.withLockedValue { $0[personaID, default: [:]][key] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.listeners.withLockedValue { $0[personaID]?[key] = nil }
        }
        return stream
    }

    /// Stored events after `lastID`, oldest first.
    func replay(personaID: UUID, after lastID: Int, on db: any Database) async throws -> [PersonaEventBody] {
        try await PersonaEvent.query(on: db)
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

    /// Ends every stream of a persona (it was deleted).
    func close(personaID: UUID) {
        for continuation in listeners.withLockedValue({
            $0.removeValue(forKey: personaID).map { Array($0.values) } ?? []
        }) {
            continuation.finish()
        }
    }
}
