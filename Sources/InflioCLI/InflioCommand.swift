@_exported import ArgumentParser

/// `inflio`: the persona system's command line.
public struct InflioCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inflio",
        abstract: "Inflio Personas: analyse photos, compare faces, run the persona service.",
        subcommands: [
            AnalyzeCommand.self, CompareCommand.self, ServeCommand.self, WorkerCommand.self, MigrateCommand.self,
            UserCommand.self, BackupCommand.self, RestoreCommand.self, MigrateStorageCommand.self,
            PersonaCommand.self, DesignCommand.self, FunnelCommand.self, AuditCommand.self, BrandCommand.self,
            BenchCommand.self,
            FakeFALCommand.self,
        ])

    public init() {}
}
