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
        subcommands: [Prepare.self, Analyze.self, ServiceBench.self, FALBench.self])

    /// Makes the benchmark's photos in their own process, so their cost stays out of the figures.
    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make 12 MP JPEGs from the sample faces.")

        @Option(help: "Folder of source photos.") var from = "../shared/testdata/faces"
        @Option(help: "Output folder.") var output: String
        @Option(help: "How many photos.") var count = 20
        @Option(help: "Width of each photo.") var width = 4000
        @Option(help: "Height of each photo.") var height = 3000

        func run() throws {
            let sources = PhotoArguments.expand([from]).filter {
                (try? ImageDecoder.readFile(atPath: $0)).map { ImageFormat.sniff($0) != nil } ?? false
            }
            guard !sources.isEmpty else { throw ValidationError("No photos in \(from).") }
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for i in 0..<count {
                let target = (output as NSString).appendingPathComponent(String(format: "bench-%02d.jpg", i))
                if FileManager.default.fileExists(atPath: target) { continue }
                let image = try EditableImage(bytes: ImageDecoder.readFile(atPath: sources[i % sources.count]))
                // A phone photo of the same framing: portrait sources become portrait photos
                // (height × width), scaled to cover the frame and cropped.
                let (w, h) =
                    image.height > image.width
                    ? (min(width, height), max(width, height)) : (max(width, height), min(width, height))
                let scale = max(Double(w) / Double(image.width), Double(h) / Double(image.height))
                let covered = try image.resized(by: scale * 1.001)
                // Heads sit in the upper part of a portrait: crop a quarter of the excess from the top.
                let cropped = try covered.cropped(
                    left: (covered.width - w) / 2, top: (covered.height - h) / 4, width: w, height: h)
                try Data(cropped.jpeg(quality: 90)).write(to: URL(fileURLWithPath: target))
            }
            print(
                "bench: \(count) photos of \(width * height / 1_000_000) MP (\(width)×\(height), portrait or landscape as the source) in \(output)"
            )
        }
    }

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

enum PeakMemory {
    /// The process's peak resident set size so far (Linux reports ru_maxrss in kilobytes).
    static func residentKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}
