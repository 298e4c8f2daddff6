import ArgumentParser
import Faces
import Foundation
import PersonaKit

/// `inflio bench sface`: what the second face model costs on top of the dlib analysis, as the
/// service and `inflio compare --model sface|both` pay it (SFace reads the face in the image the
/// analysis has decoded). Not a test: it reports.
struct SFaceBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sface",
        abstract: "The cost of SFace, the second face model: per face, per photo and per persona.")

    @Argument(help: "A folder of photos (`inflio bench prepare` makes one).") var folder: String
    @Option(help: "Parallel workers (default: one per core).") var workers = System.cores
    @Option(help: "Photos in one persona (the first ones of the folder).") var persona = 10
    @Option(help: "Runs of each timing; the range is reported.") var runs = 3

    func run() throws {
        let files = PhotoArguments.expand([folder])
        guard !files.isEmpty else { throw ValidationError("No photos in \(folder).") }
        let models = try FaceModels.loadOrExplain()
        let loadStart = Date()
        let recognizer = try SFaceRecognizer.loadOrExplain()
        let load = Date().timeIntervalSince(loadStart)
        let dlib = try PhotoBatchAnalyzer(models: models, workers: workers)
        let both = try PhotoBatchAnalyzer(models: models, workers: workers, secondOpinion: recognizer)
        // The first run of a network allocates its buffers; keep that out of the figures.
        _ = both.analyze(files: Array(files.prefix(workers)))

        let personaFiles = Array(files.prefix(persona))
        var all = (dlib: [Double](), both: [Double]())
        var onePersona = (dlib: [Double](), both: [Double]())
        for _ in 0..<runs {
            // Alternated, so a drift of the machine touches both sides alike.
            all.dlib.append(Self.seconds { _ = dlib.analyze(files: files) })
            all.both.append(Self.seconds { _ = both.analyze(files: files) })
            onePersona.dlib.append(Self.seconds { _ = dlib.analyze(files: personaFiles) })
            onePersona.both.append(Self.seconds { _ = both.analyze(files: personaFiles) })
        }
        // One face at a time on one core: the analysis' own timing of the SFace step (the
        // alignment, with any halving, and the network).
        let oneCore = try PhotoBatchAnalyzer(models: models, workers: 1, secondOpinion: recognizer)
        let faces = oneCore.analyze(files: files).filter { $0.secondOpinion != nil }
        let perFace = faces.map(\.timings.secondOpinion).reduce(0, +) / Double(max(faces.count, 1))

        let n = Double(files.count)
        let added = zip(all.both, all.dlib).map { ($0 - $1) / n }
        print("photos:          \(files.count) (\(faces.count) with a face), \(workers) workers")
        print("SFace load:      " + String(format: "%.2f s, once per process", load))
        print("\(files.count) photos, wall: dlib \(Self.range(all.dlib)), dlib + SFace \(Self.range(all.both))")
        print("  per photo:     dlib \(Self.ms(all.dlib, n)), dlib + SFace \(Self.ms(all.both, n))")
        print("  added:         \(Self.ms(added, 1)) per photo")
        print("a persona of \(personaFiles.count), wall: dlib \(Self.range(onePersona.dlib)), ", terminator: "")
        print("dlib + SFace \(Self.range(onePersona.both))")
        print(
            "peak memory:     "
                + String(format: "%.0f MB (RSS, whole process)", Double(PeakMemory.residentKilobytes()) / 1024))
        print("SFace on one core: " + String(format: "%.1f ms a face (mean of %d)", perFace * 1000, faces.count))
    }

    static func seconds(_ body: () -> Void) -> Double {
        let start = Date()
        body()
        return Date().timeIntervalSince(start)
    }

    static func range(_ seconds: [Double]) -> String {
        String(format: "%.3f–%.3f s", seconds.min() ?? 0, seconds.max() ?? 0)
    }

    /// The range of `seconds / count`, in milliseconds.
    static func ms(_ seconds: [Double], _ count: Double) -> String {
        String(format: "%.1f–%.1f ms", (seconds.min() ?? 0) / count * 1000, (seconds.max() ?? 0) / count * 1000)
    }
}
