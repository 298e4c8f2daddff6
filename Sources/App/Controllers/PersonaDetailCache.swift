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
    /// A persona that is missing or someone else's throws the usual 404. The answer carries an
    /// ETag made from the fingerprint: a client that sends it back (`If-None-Match`) while nothing
    /// changed gets a bodiless 304.
    func response(
        personaID: UUID, userID: String, ifNoneMatch: String? = nil, db: any Database, signer: MediaSigner,
        build: (Fingerprint) async throws -> Response
    ) async throws -> Response {
        let expires = signer.expiry()
        guard let fingerprint = try await Self.fingerprint(personaID: personaID, userID: userID, db: db) else {
            entries.withLockedValue { $0[personaID] = nil }
            throw ServiceError.notFound("This persona")
        }
        let etag = Self.etag(personaID: personaID, fingerprint: fingerprint, expires: expires)
        if let ifNoneMatch,
            ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag })
        {
            return Response(status: .notModified, headers: Self.validators(etag))
        }
        if let entry = entries.withLockedValue({ $0[personaID] }),
            entry.userID == userID, entry.fingerprint == fingerprint, entry.expires == expires
        {
            served.withLockedValue { $0 += 1 }
            return Response(status: .ok, headers: entry.headers, body: .init(buffer: entry.body))
        }
        let response = try await build(fingerprint)
        for (name, value) in Self.validators(etag) { response.headers.replaceOrAdd(name: name, value: value) }
        if capacity > 0, response.status == .ok, let body = response.body.buffer {
            let entry = Entry(
                userID: userID, fingerprint: fingerprint, expires: expires, headers: response.headers, body: body)
            entries.withLockedValue { entries in
                // Full: drop an arbitrary entry (dictionary order); a dropped one is only rebuilt.
                if entries[personaID] == nil, entries.count >= capacity { entries.remove(at: entries.startIndex) }
                entries[personaID] = entry
            }
        }
        return response
    }

    /// `"<sha256 of the persona id, its fingerprint and the links' expiry>"`.
    static func etag(personaID: UUID, fingerprint: Fingerprint, expires: Int) -> String {
        let parts = [
            personaID.uuidString, fingerprint.updatedAt.map { String($0.timeIntervalSince1970) } ?? "-",
            fingerprint.lastEventID.map(String.init) ?? "-", fingerprint.defaultPersonaID?.uuidString ?? "-",
            String(expires),
        ]
        return "\"" + Hex.encode(SHA256.hash(data: Data(parts.joined(separator: "|").utf8))) + "\""
    }

    /// Revalidate on every use (the persona may change any moment), privately (it is one user's).
    static func validators(_ etag: String) -> HTTPHeaders {
        ["ETag": etag, "Cache-Control": "private, no-cache"]
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
        return Fingerprint(
            updatedAt: try row.decode(column: "updated_at", as: Date?.self),
            lastEventID: try row.decode(column: "last_event_id", as: Int?.self),
            defaultPersonaID: try row.decode(column: "default_persona_id", as: UUID?.self))
    }
}
