import Foundation

/// Which job and image currently stand for each scenario.
enum PersonaPortraits {
    /// The most recent job of each scenario (highest attempt, then newest), by scenario index.
    static func latestJobs(_ jobs: [GenerationJob]) -> [GenerationJob] {
        Dictionary(grouping: jobs, by: \.scenarioIndex)
            .sorted { $0.key < $1.key }
            .compactMap {
                $0.value.max { ($0.attempt, $0.createdAt ?? .distantPast) < ($1.attempt, $1.createdAt ?? .distantPast) }
            }
    }
}
