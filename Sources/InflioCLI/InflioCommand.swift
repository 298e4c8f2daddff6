import ArgumentParser

/// `inflio`: the persona system's command line.
public struct InflioCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inflio",
        abstract: "Inflio Personas: analyse photos, compare faces.",
        subcommands: [AnalyzeCommand.self, CompareCommand.self, BenchCommand.self])

    public init() {}
}
