import ArgumentParser
import Faces
import Foundation
import Imaging
import PersonaKit

/// `make bench`: speed and memory of the analysis on large photos. Not a test: it reports.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (used by `make bench`).",
        shouldDisplay: false,
        subcommands: [
            Prepare.self, Analyze.self, ServiceBench.self, DraftBench.self, FALBench.self, SFaceBench.self,
            DesignBench.self, DesignFALBench.self, StudioBench.self, ModelMemoryBench.self,
        ])
}
