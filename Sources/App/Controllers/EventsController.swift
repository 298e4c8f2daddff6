import Fluent
import PersonaKit
import Vapor

/// `GET /api/personas/:id/events`: Server-Sent Events as things happen, resumable with
/// `Last-Event-ID` (or `?lastEventId=`). Stored events after that id are replayed first, then live
/// ones follow; the stream ends after the persona is ready or failed (an EventSource reconnects
/// with its last id and simply waits for what comes next, e.g. a regeneration). A replay goes
/// past an earlier `persona_ready` when more followed it (a regeneration asked for since): it
/// ended there once, and a page asking after its regeneration saw it only on reconnecting, 3 s on.
enum EventsController {
    static let heartbeatSeconds: UInt64 = 15

    static func stream(_ req: Request) async throws -> Response {
        let persona = try await PersonaController.owned(req)
        let personaID = try persona.requireID()
        let lastID =
            req.headers.first(name: "Last-Event-ID").flatMap { Int($0) }
            ?? (try? req.query.get(Int.self, at: "lastEventId")) ?? 0
        // Every stored event after that id, then each new one as it is written, on any process.
        let hub = req.inflio.events
        let events = hub.subscribe(personaID: personaID, after: lastID)
        let db = req.db
        // Managed: Vapor ends the response itself, with .end when the closure returns and .error when
        // it throws (a client that went away), so no path leaves the stream unterminated.
        let response = Response(
            status: .ok,
            body: .init(managedAsyncStream: { writer in
                try await writer.write(.buffer(ByteBuffer(string: "retry: 3000\n\n")))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // The keep-alive also finds out that a client has gone (its write fails), which
                    // ends the stream even while the persona publishes nothing.
                    group.addTask {
                        while true {
                            try await Task.sleep(nanoseconds: heartbeatSeconds * 1_000_000_000)
                            try await writer.write(.buffer(ByteBuffer(string: ": keep-alive\n\n")))
                        }
                    }
                    group.addTask {
                        for await event in events {
                            try await writer.write(.buffer(ByteBuffer(string: encode(event))))
                            if PersonaEvent.Kind(rawValue: event.type)?.isTerminal == true,
                                try await hub.latestID(personaID: personaID, on: db) <= event.id
                            {
                                return
                            }
                        }
                    }
                    // Whichever ends first (the persona finished, or a write failed) ends both.
                    try await group.next()
                    group.cancelAll()
                }
            }))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "event-stream")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        return response
    }

    static func encode(_ event: PersonaEventBody) -> String {
        let data = String(decoding: (try? JSONEncoder().encode(event.data)) ?? Data("null".utf8), as: UTF8.self)
        return "id: \(event.id)\nevent: \(event.type)\ndata: \(data)\n\n"
    }

    /// Waits until the persona is ready or failed (`?wait=true`).
    static func waitUntilFinished(_ req: Request, personaID: UUID) async throws -> Persona {
        let hub = req.inflio.events
        let live = hub.subscribe(personaID: personaID, after: try await hub.latestID(personaID: personaID, on: req.db))
        // It may have finished before the subscription began.
        if let persona = try await Persona.find(personaID, on: req.db), [.ready, .failed].contains(persona.status) {
            return persona
        }
        for await event in live where PersonaEvent.Kind(rawValue: event.type)?.isTerminal == true { break }
        guard let persona = try await Persona.find(personaID, on: req.db) else {
            throw ServiceError.notFound("This persona")
        }
        return persona
    }
}
