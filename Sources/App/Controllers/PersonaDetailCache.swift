import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The rendered `GET /api/personas/:id` of recently read personas. A client polling a persona
/// then costs one small query instead of five plus the decoding of every image's metadata
/// (the detail's measured cost: Fluent's reflection over 16 image rows and their JSON).
///
/// An entry is served while the persona's fingerprint is unchanged: its `updated_at`, its newest
/// event id and its owner's default persona. Everything else the detail shows (photos, portraits,
/// jobs) changes only together with a new event, since the event stream promises clients every
/// change; a new event id is what invalidates. The fingerprint is read before the body is built,
/// so a stored body is never older than the fingerprint it is filed under. The fingerprint is read
/// from the database on every request, so other server processes' writes invalidate too.
final class PersonaDetailCache: Sendable {
    struct Fingerprint: Equatable, Sendable {
        let updatedAt: Date?
        let lastEventID: Int?
        let defaultPersonaID: UUID?
    }

    private struct Entry: Sendable {
        let userID: String
        let fingerprint: Fingerprint
        let expires: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    private let entries = NIOLockedValueBox<[UUID: Entry]>([:])
    private let served = NIOLockedValueBox(0)
    private let capacity: Int

    /// Responses answered from the cache so far (for tests and diagnostics).
    var hits: Int { served.withLockedValue { $0 } }

    init(capacity: Int = 1024) { self.capacity = capacity }

    /// The detail of `personaID` for `userID`: cached if still valid, else from `build` (then kept).
    /// A persona that is missing or someone else's throws the usual 404.
    func response(personaID: UUID, userID: String, db: any Database, signer: MediaSigner,
                  build: (Fingerprint) async throws -> Response) async throws -> Response {
        let expires = signer.expiry()
        guard let fingerprint = try await Self.fingerprint(personaID: personaID, userID: userID, db: db) else {
            entries.withLockedValue { $0[personaID] = nil }
            throw ServiceError.notFound("This persona")
        }
        if let entry = entries.withLockedValue({ $0[personaID] }),
           entry.userID == userID, entry.fingerprint == fingerprint, entry.expires == expires {
            served.withLockedValue { $0 += 1 }
            return Response(status: .ok, headers: entry.headers, body: .init(buffer: entry.body))
        }
        let response = try await build(fingerprint)
        if capacity > 0, response.status == .ok, let body = response.body.buffer {
            let entry = Entry(userID: userID, fingerprint: fingerprint, expires: expires, headers: response.headers, body: body)
            entries.withLockedValue { entries in
                // Full: drop an arbitrary entry (dictionary order); a dropped one is only rebuilt.
                if entries[personaID] == nil, entries.count >= capacity { entries.remove(at: entries.startIndex) }
                entries[personaID] = entry
            }
        }
        return response
    }

    /// One query: the persona's `updated_at` (nil row when it is not this user's), newest event
    /// id and the owner's default persona.
    static func fingerprint(personaID: UUID, userID: String, db: any Database) async throws -> Fingerprint? {
        let query: SQLQueryString = """
            SELECT p.updated_at AS updated_at,
              (SELECT MAX(e.id) FROM persona_events e WHERE e.persona_id = p.id) AS last_event_id,
              (SELECT u.default_persona_id FROM user_profiles u WHERE u.user_id = p.user_id LIMIT 1) AS default_persona_id
            FROM personas p WHERE p.id = \(bind: personaID) AND p.user_id = \(bind: userID)
            """
        guard let row = try await db.sql().raw(query).first() else { return nil }
        return Fingerprint(updatedAt: try row.decode(column: "updated_at", as: Date?.self),
                           lastEventID: try row.decode(column: "last_event_id", as: Int?.self),
                           defaultPersonaID: try row.decode(column: "default_persona_id", as: UUID?.self))
    }
}
