import Fluent
import Foundation
import SQLKit

/// What one process tells every other through PostgreSQL's `NOTIFY` (ids only: a notification's
/// payload is capped at 8000 bytes, and whoever is woken reads the rest from the database).
enum DatabaseNotification: Equatable, Sendable {
    /// A persona has a new event (PersonaEventHub).
    case event(UUID)
    /// A job was queued: idle workers claim it now instead of at their next poll.
    case job
    /// FAL's webhook reported a request finished: whichever process waits on it reads its result.
    case falRequest(String)
    /// A persona was deleted: every process ends the streams that follow it.
    case closed(UUID)

    static let channel = "inflio"

    var payload: String {
        switch self {
        case .event(let id): "event:\(id.uuidString.lowercased())"
        case .job: "job"
        case .falRequest(let id): "fal:\(id)"
        case .closed(let id): "closed:\(id.uuidString.lowercased())"
        }
    }

    init?(payload: String) {
        if payload == "job" {
            self = .job
        } else if payload.hasPrefix("event:"), let id = UUID(uuidString: String(payload.dropFirst(6))) {
            self = .event(id)
        } else if payload.hasPrefix("closed:"), let id = UUID(uuidString: String(payload.dropFirst(7))) {
            self = .closed(id)
        } else if payload.hasPrefix("fal:"), payload.count > 4 {
            self = .falRequest(String(payload.dropFirst(4)))
        } else {
            return nil
        }
    }
}

enum DatabaseNotifications {
    /// Sends `notification` to every listening process at the commit of `db`'s transaction (at once
    /// outside one). PostgreSQL only; on SQLite the caller acts locally.
    static func notify(_ notification: DatabaseNotification, on db: any Database) async throws {
        try await db.sql().raw(
            "SELECT pg_notify(\(bind: DatabaseNotification.channel), \(bind: notification.payload))"
        ).run()
    }
}
