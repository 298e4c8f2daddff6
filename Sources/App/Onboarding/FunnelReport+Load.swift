import Fluent
import Foundation
import Vapor

extension FunnelReport {
    /// The report from the database: local accounts by their creation, identity-provider users by
    /// their first funnel event.
    public static func load(app: Application, since: Date?, now: Date = Date()) async throws -> FunnelReport {
        let accounts = try await App.User.query(on: app.db).all()
        let rows = try await FunnelEvent.query(on: app.db).sort(\.$id).all()
        let events = rows.map {
            Event(
                userID: $0.userID, step: $0.step, substep: $0.substep, kind: $0.kind.rawValue,
                at: $0.createdAt ?? .distantPast)
        }
        var users = accounts.compactMap { account in
            account.id.map { User(id: $0.uuidString, signedUpAt: account.createdAt ?? .distantPast) }
        }
        let known = Set(users.map(\.id))
        for (id, mine) in Dictionary(grouping: events, by: \.userID) where !known.contains(id) {
            users.append(User(id: id, signedUpAt: mine.map(\.at).min() ?? .distantPast))
        }
        return compute(users: users, events: events, since: since, now: now)
    }

    /// The report as a person reads it.
    public var text: String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f %%", $0 * 100) } ?? "–" }
        func duration(_ seconds: Double?) -> String {
            guard let seconds else { return "–" }
            return seconds < 120 ? String(format: "%.0f s", seconds) : String(format: "%.1f min", seconds / 60)
        }
        var lines = [
            "Onboarding funnel: \(users) users signed up"
                + (since.map { " since \(ISO8601DateFormatter().string(from: $0))" } ?? ""),
            "",
            "stage  entered  completed  skipped  conversion  median time",
        ]
        for stage in stages {
            let label = stage.stage.contains(".") ? "  \(stage.stage)" : "\(stage.stage)    "
            lines.append(
                label.padding(toLength: 7, withPad: " ", startingAt: 0)
                    + String(stage.entered).leftPadded(7) + String(stage.completed).leftPadded(11)
                    + String(stage.skipped).leftPadded(9) + percent(stage.conversionFromPrevious).leftPadded(12)
                    + duration(stage.medianSeconds).leftPadded(13))
        }
        lines += [
            "",
            "completed (step \(Self.lastStep) done): \(finished) (\(percent(completion)) of those who started; target 90–95 %)",
            "abandoned (no event for 24 h): \(abandoned)",
            "sign-up to first ready persona, median: \(duration(medianSecondsToFirstPersona)) (target about 2 min)",
        ]
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
