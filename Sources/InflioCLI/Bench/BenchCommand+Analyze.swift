import ArgumentParser
import Faces
import Foundation
import Imaging
import PersonaKit

extension BenchCommand {
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse a folder of photos and report time and memory.")

        @Argument var folder: String
        @Option(help: "Parallel workers (default: one per core).") var workers = System.cores

        func run() throws {
            let files = PhotoArguments.expand([folder])
            let loadStart = Date()
            let analyzer = try PhotoBatchAnalyzer(models: FaceModels.loadOrExplain(), workers: workers)
            let loadTime = Date().timeIntervalSince(loadStart)

            let start = Date()
            let photos = analyzer.analyze(files: files)
            let set = SetAnalyzer.analyze(photos)
            let wall = Date().timeIntervalSince(start)

            let stages = photos.map(\.timings).reduce(StageTimings(), +)
            let n = Double(photos.count)
            func ms(_ seconds: Double) -> String { String(format: "%6.1f ms", seconds * 1000) }
            print(
                "photos:            \(photos.count) (\(photos.filter { $0.faceCount > 0 }.count) with a face, \(set.usableCount) usable)"
            )
            print("workers:           \(analyzer.workers) on \(System.cores) cores")
            print("model load:        " + String(format: "%.2f s (once per process, not in the wall time)", loadTime))
            print("wall time:         " + String(format: "%.3f s", wall))
            print("throughput:        " + String(format: "%.1f photos/s", n / wall))
            print("peak memory (RSS): " + String(format: "%.0f MB", Double(PeakMemory.residentKilobytes()) / 1024))
            print("per photo, mean over photos (CPU time in each stage):")
            print("  decode     " + ms(stages.decode / n))
            print("  detect     " + ms(stages.detect / n))
            print("  landmarks  " + ms(stages.landmarks / n))
            print("  embed      " + ms(stages.embed / n))
            print("  measure    " + ms(stages.measure / n))
        }
    }
}
