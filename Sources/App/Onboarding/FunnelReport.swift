import Foundation

/// `inflio funnel`: what the onboarding's funnel events say about the users who signed up in a
/// period. Pure over its inputs; `FunnelReport.load` reads them from the database.
public struct FunnelReport: Codable, Sendable, Equatable {
    public struct User: Sendable {
        public let id: String
        /// The account's creation, or (an identity provider's user without a local row) the first event.
        public let signedUpAt: Date
    }

    public struct Event: Sendable {
        public let userID: String
        public let step: Int
        public let substep: String?
        public let kind: String
        public let at: Date
    }

    public struct Stage: Codable, Sendable, Equatable {
        /// "1".."5" for steps, "1.1".."1.5" for the wizard's sub-steps.
        public let stage: String
        /// Users with any event of this stage.
        public let entered: Int
        public let completed: Int
        public let skipped: Int
        /// Of the users who entered the stage before, the share who entered this one (nil for the first).
        public let conversionFromPrevious: Double?
        /// From the first `shown` or `started` to `completed`, over users who completed it.
        public let medianSeconds: Double?
    }

    public let since: Date?
    public let users: Int
    public let stages: [Stage]
    /// Users who completed step 3, the last step this server offers, over users who entered step 1.
    public let completion: Double?
    public let finished: Int
    /// Signed up, not finished, and no event for 24 h.
    public let abandoned: Int
    /// Sign-up to the first ready default persona (sub-step 1.3 completed), over users who got there.
    public let medianSecondsToFirstPersona: Double?

    public static let abandonAfter: TimeInterval = 24 * 3600
    public static let lastStep = 3

    public static func compute(users: [User], events: [Event], since: Date?, now: Date) -> FunnelReport {
        let included = users.filter { since == nil || $0.signedUpAt >= since! }
        let ids = Set(included.map(\.id))
        let events = events.filter { ids.contains($0.userID) }
        let byUser = Dictionary(grouping: events, by: \.userID)

        func matches(_ event: Event, _ stage: String) -> Bool {
            stage.contains(".") ? event.substep == stage : (event.step == Int(stage) && event.substep == nil)
        }
        func usersWith(_ stage: String, _ kind: String? = nil) -> Set<String> {
            Set(events.filter { matches($0, stage) && (kind == nil || $0.kind == kind) }.map(\.userID))
        }
        // A sub-step's events also mean its step was entered.
        func entered(_ stage: String) -> Set<String> {
            stage.contains(".") ? usersWith(stage) : Set(events.filter { $0.step == Int(stage) }.map(\.userID))
        }

        let order = ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "2", "3", "4", "5"]
        var stages: [Stage] = []
        var previous: Set<String>?
        for stage in order {
            let inStage = entered(stage)
            let durations = usersWith(stage, "completed").compactMap { user -> Double? in
                let mine = (byUser[user] ?? []).filter {
                    stage.contains(".") ? $0.substep == stage : $0.step == Int(stage)
                }
                guard let start = mine.filter({ $0.kind == "shown" || $0.kind == "started" }).map(\.at).min(),
                    let done = mine.filter({ $0.kind == "completed" && matches($0, stage) }).map(\.at).min()
                else { return nil }
                return max(0, done.timeIntervalSince(start))
            }
            stages.append(
                Stage(
                    stage: stage, entered: inStage.count, completed: usersWith(stage, "completed").count,
                    skipped: usersWith(stage, "skipped").count,
                    conversionFromPrevious: previous.map { $0.isEmpty ? 0 : Double(inStage.count) / Double($0.count) },
                    medianSeconds: median(durations)))
            // Conversion runs along the steps (1 → 2 → 3 …) and along the sub-steps within step 1.
            previous = stage == "1.5" ? entered("1") : inStage
        }

        let finishedUsers = usersWith(String(lastStep), "completed")
        let enteredFirst = entered("1")
        let abandoned = included.filter { user in
            guard !finishedUsers.contains(user.id) else { return false }
            let last = (byUser[user.id] ?? []).map(\.at).max() ?? user.signedUpAt
            return now.timeIntervalSince(last) > abandonAfter
        }
        let toFirstPersona = included.compactMap { user -> Double? in
            (byUser[user.id] ?? []).filter { $0.substep == "1.3" && $0.kind == "completed" }.map(\.at).min()
                .map { max(0, $0.timeIntervalSince(user.signedUpAt)) }
        }
        return FunnelReport(
            since: since, users: included.count, stages: stages,
            completion: enteredFirst.isEmpty
                ? nil : Double(finishedUsers.intersection(enteredFirst).count) / Double(enteredFirst.count),
            finished: finishedUsers.count, abandoned: abandoned.count,
            medianSecondsToFirstPersona: median(toFirstPersona))
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
