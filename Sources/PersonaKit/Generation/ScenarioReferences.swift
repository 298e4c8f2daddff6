/// Which of a persona's references go with one scenario's request. Image-edit models take 2–4
/// references; those already turned the way the scenario wants (a three-quarter view for the
/// casual portrait, a frontal one for the headshot) lead, so the model, or the local renderer,
/// which composes the first suitable face, starts from the right pose.
public enum ScenarioReferences {
    /// Fewest and most references one request carries.
    public static let allowedCount = 2...4

    /// `count` (clamped to 2–4) references, or all when there are fewer: first those whose |yaw|
    /// falls in the scenario's preferred range, nearest its middle first, then the others in the
    /// given order (best first). Ties keep the given order, so the choice is deterministic.
    public static func choose(for scenario: PortraitScenario, from references: [ReferencePhoto], count: Int = 3)
        -> [ReferencePhoto]
    {
        let wanted = min(references.count, min(allowedCount.upperBound, max(allowedCount.lowerBound, count)))
        let range = scenario.preferredYaw
        let middle = (range.lowerBound + range.upperBound) / 2
        let preferred = references.indices
            .filter { range.contains(abs(references[$0].pose.yaw)) }
            .sorted { a, b in
                let (da, db) = (abs(abs(references[a].pose.yaw) - middle), abs(abs(references[b].pose.yaw) - middle))
                return da != db ? da < db : a < b
            }
        let others = references.indices.filter { !range.contains(abs(references[$0].pose.yaw)) }
        return (preferred + others).prefix(wanted).map { references[$0] }
    }

    /// The same, with the reference cast for the scenario (`ScenarioCasting`) first, whatever its pose.
    public static func choose(
        for scenario: PortraitScenario, from references: [ReferencePhoto], lead: Int, count: Int = 3
    ) -> [ReferencePhoto] {
        guard references.indices.contains(lead) else { return choose(for: scenario, from: references, count: count) }
        let wanted = min(references.count, min(allowedCount.upperBound, max(allowedCount.lowerBound, count)))
        var others = references
        others.remove(at: lead)
        return Array(([references[lead]] + choose(for: scenario, from: others, count: count)).prefix(wanted))
    }
}
