import Foundation
import Testing

@testable import App

/// `inflio funnel`'s figures on a scripted set of users.
struct FunnelReportTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    func event(_ user: String, _ step: Int, _ substep: String?, _ kind: String, _ minutes: Double) -> FunnelReport.Event
    {
        .init(userID: user, step: step, substep: substep, kind: kind, at: at(minutes))
    }

    /// Ann finishes (persona after 2 min), Ben stops in the avatar sub-step, Cat skips the brand
    /// and her brand review and finishes, Dan signed up and never came back, Eve signed up before.
    var scripted: (users: [FunnelReport.User], events: [FunnelReport.Event]) {
        let users =
            ["ann", "ben", "cat", "dan"].map { FunnelReport.User(id: $0, signedUpAt: start) }
            + [FunnelReport.User(id: "eve", signedUpAt: at(-10_000))]
        var events: [FunnelReport.Event] = []
        for (user, brandKind) in [("ann", "completed"), ("cat", "skipped")] {
            events += [
                event(user, 1, nil, "shown", 0), event(user, 1, "1.1", "shown", 0),
                event(user, 1, "1.1", "completed", 0.5),
                event(user, 1, "1.2", "shown", 0.5), event(user, 1, "1.2", brandKind, 1),
                event(user, 1, "1.3", "shown", 1), event(user, 1, "1.3", "completed", 2),
                event(user, 1, "1.4", "shown", 2), event(user, 1, "1.4", "completed", 2.5),
                event(user, 1, "1.5", "shown", 2.5), event(user, 1, "1.5", "completed", 3),
                event(user, 1, nil, "completed", 3), event(user, 2, nil, "shown", 3),
                event(user, 2, nil, user == "ann" ? "completed" : "skipped", 4), event(user, 3, nil, "shown", 4),
                event(user, 3, nil, "completed", 6),
            ]
        }
        events += [
            event("ben", 1, nil, "shown", 0), event("ben", 1, "1.1", "shown", 0),
            event("ben", 1, "1.1", "completed", 1),
            event("ben", 1, "1.2", "skipped", 2), event("ben", 1, "1.3", "shown", 2),
            event("eve", 1, nil, "shown", -10_000),
        ]
        return (users, events)
    }

    @Test func figuresOfAScriptedSetOfUsers() throws {
        let (users, events) = scripted
        let report = FunnelReport.compute(users: users, events: events, since: start, now: at(60 * 25))
        #expect(report.users == 4, "Eve signed up before --since")
        let stage = Dictionary(uniqueKeysWithValues: report.stages.map { ($0.stage, $0) })
        #expect(stage["1"]?.entered == 3 && stage["1"]?.completed == 2)
        #expect(stage["1.2"]?.completed == 1 && stage["1.2"]?.skipped == 2)
        #expect(stage["1.3"]?.entered == 3 && stage["1.3"]?.completed == 2)
        #expect(stage["2"]?.entered == 2 && stage["2"]?.conversionFromPrevious == 2.0 / 3.0)
        #expect(stage["2"]?.skipped == 1 && stage["3"]?.completed == 2)
        #expect(stage["1.3"]?.medianSeconds == 60, "shown at 1 min, completed at 2")
        #expect(stage["3"]?.medianSeconds == 120)
        #expect(report.finished == 2 && report.completion == 2.0 / 3.0)
        #expect(report.medianSecondsToFirstPersona == 120)
        // Ben stopped at 2 min and Dan never started: both silent for over 24 h.
        #expect(report.abandoned == 2)
        // An hour in, nobody has been silent for 24 h yet: abandonment is computed, never emitted.
        #expect(FunnelReport.compute(users: users, events: events, since: start, now: at(60)).abandoned == 0)
        #expect(report.text.contains("sign-up to first ready persona, median: 2.0 min"))
    }

    @Test func noUsersNoDivisionByZero() {
        let report = FunnelReport.compute(users: [], events: [], since: nil, now: start)
        #expect(report.users == 0 && report.completion == nil && report.medianSecondsToFirstPersona == nil)
        #expect(report.stages.allSatisfy { $0.entered == 0 })
    }
}
