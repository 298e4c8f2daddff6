import ArgumentParser
import Faces
import Foundation
import Imaging
import PersonaKit

/// `inflio bench sface`: what the second face model costs on top of the dlib analysis, as
/// `inflio compare --model sface|both` pays it (dlib finds the face, SFace reads it again from
/// the file). Not a test: it reports.
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
        let analyzer = try PhotoBatchAnalyzer(models: FaceModels.loadOrExplain(), workers: workers)
        let loadStart = Date()
        let recognizer = try SFaceRecognizer.loadOrExplain()
        let load = Date().timeIntervalSince(loadStart)
        // The first run of a network allocates its buffers; keep that out of the figures.
        let warm = analyzer.analyze(files: [files[0]])
        _ = SFaceBatch.embeddings(of: warm, files: [files[0]], recognizer: recognizer, workers: 1)

        let personaFiles = Array(files.prefix(persona))
        var all = (dlib: [Double](), both: [Double]())
        var onePersona = (dlib: [Double](), both: [Double]())
        for _ in 0..<runs {
            // Alternated, so a drift of the machine touches both sides alike.
            all.dlib.append(Self.seconds { _ = analyzer.analyze(files: files) })
            all.both.append(Self.seconds { analyseWithSFace(files, analyzer, recognizer) })
            onePersona.dlib.append(Self.seconds { _ = analyzer.analyze(files: personaFiles) })
            onePersona.both.append(Self.seconds { analyseWithSFace(personaFiles, analyzer, recognizer) })
        }
        let face = try Self.stagesOnOneCore(files, analyses: analyzer.analyze(files: files), recognizer)

        let n = Double(files.count)
        let added = zip(all.both, all.dlib).map { ($0 - $1) / n }
        print("photos:          \(files.count) (\(face.faces) with a face), \(analyzer.workers) workers")
        print("SFace load:      " + String(format: "%.2f s, once per process", load))
        print("\(files.count) photos, wall: dlib \(Self.range(all.dlib)), dlib + SFace \(Self.range(all.both))")
        print("  per photo:     dlib \(Self.ms(all.dlib, n)), dlib + SFace \(Self.ms(all.both, n))")
        print("  added:         \(Self.ms(added, 1)) per photo")
        print("a persona of \(personaFiles.count), wall: dlib \(Self.range(onePersona.dlib)), ", terminator: "")
        print("dlib + SFace \(Self.range(onePersona.both))")
        print(
            "peak memory:     "
                + String(format: "%.0f MB (RSS, whole process)", Double(PeakMemory.residentKilobytes()) / 1024))
        print("SFace on one core, per face (mean of \(face.faces)):")
        print("  decode again   " + String(format: "%5.1f ms", face.decode * 1000) + " (compare reads the photo twice)")
        print("  align          " + String(format: "%5.1f ms", face.align * 1000))
        print("  network        " + String(format: "%5.1f ms", face.network * 1000))
        print("  total          " + String(format: "%5.1f ms", (face.decode + face.align + face.network) * 1000))
    }

    private func analyseWithSFace(_ files: [String], _ analyzer: PhotoBatchAnalyzer, _ recognizer: SFaceRecognizer) {
        let analyses = analyzer.analyze(files: files)
        _ = SFaceBatch.embeddings(of: analyses, files: files, recognizer: recognizer, workers: workers)
    }

    /// Mean seconds per face of each SFace step, one face at a time on one thread.
    static func stagesOnOneCore(_ files: [String], analyses: [PhotoAnalysis], _ recognizer: SFaceRecognizer) throws
        -> (faces: Int, decode: Double, align: Double, network: Double)
    {
        var total = (faces: 0, decode: 0.0, align: 0.0, network: 0.0)
        for (file, analysis) in zip(files, analyses) {
            guard analysis.embedding != nil, let landmarks = analysis.landmarks else { continue }
            var start = Date()
            let (image, scaled) = try SFaceRecognizer.decodeForAlignment(
                photo: ImageDecoder.readFile(atPath: file), landmarks: landmarks)
            total.decode += Date().timeIntervalSince(start)
            start = Date()
            let face = SFaceAlignment.alignedFace(in: image, landmarks: scaled)
            total.align += Date().timeIntervalSince(start)
            start = Date()
            _ = try recognizer.embedding(ofAlignedFace: face)
            total.network += Date().timeIntervalSince(start)
            total.faces += 1
        }
        let n = Double(max(total.faces, 1))
        return (total.faces, total.decode / n, total.align / n, total.network / n)
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
