import Foundation

/// An attempt at one scenario: all that choosing a scenario's latest job reads. Snapshots conform,
/// and App's `GenerationJob` can as it is (`extension GenerationJob: ScenarioAttempt {}`), so the
/// detail response and the CLI pick the same job the rules do without building snapshots.
public protocol ScenarioAttempt {
    var scenarioIndex: Int { get }
    var attempt: Int { get }
    var createdAt: Date? { get }
}

extension PortraitJobSnapshot: ScenarioAttempt {}
