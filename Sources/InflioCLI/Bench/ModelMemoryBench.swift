import ArgumentParser
import Faces
import Foundation
import Imaging
import PersonaKit

/// `inflio bench models`: what each model the service loads holds in memory, loaded and then
/// run once (a network's first run allocates its working buffers), in the order the service
/// meets them: dlib's face models (one engine per compute thread, as the analysis makes), SFace
/// in ONNX Runtime, and the segmentation model in LiteRT. Not a test: it reports.
struct ModelMemoryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "Memory held by each model: loaded, then after its first run.")

    @Option(help: "A folder of photos; the first Obama photo is analysed and segmented.") var from: String

    func run() throws {
        let obama = PhotoArguments.expand([from]).filter { $0.contains("obama") }
        guard let file = obama.first else { throw ValidationError("No photo of Obama in \(from).") }
        var rows: [(String, Resident)] = [("at start", Resident.now())]
        func mark(_ step: String) { rows.append((step, Resident.now())) }

        let models = try FaceModels.loadOrExplain()
        let dlib = try PhotoBatchAnalyzer(models: models)
        mark("dlib: loaded, \(dlib.workers) engines")
        // As many photos as engines, so that each engine runs once.
        _ = dlib.analyze(files: (0..<dlib.workers).map { obama[$0 % obama.count] })
        mark("dlib: each engine run once")

        let recognizer = try SFaceRecognizer.loadOrExplain()
        mark("SFace: loaded")
        // SFace reads the face the analysis found: its analyzer brings a dlib engine of its own,
        // run first without SFace so that its share is not counted as SFace's.
        let both = try PhotoBatchAnalyzer(models: models, workers: 1, secondOpinion: recognizer)
        let photo = (name: "photo.jpg", bytes: try ImageDecoder.readFile(atPath: file))
        _ = both.analyze(photos: [photo], secondOpinion: false)
        mark("(one more dlib engine, run)")
        _ = both.analyze(photos: [photo], secondOpinion: true)
        mark("SFace: after one face")

        let segmenter = try PersonSegmenter()
        mark("segmentation: loaded")
        let pixels = try EditableImage(bytes: photo.bytes).rgb()
        let side = PersonSegmenter.side
        _ = try segmenter.probabilities(
            of: Matting.averaged(
                pixels, left: 0, top: 0, width: pixels.width, height: pixels.height, toWidth: side, height: side))
        mark("segmentation: after one run")

        print("resident memory (/proc/self/status): the total, and what each step added to it and to its parts")
        print("step".padding(toLength: 32, withPad: " ", startingAt: 0) + "     total      added  anonymous       file")
        for (index, (step, now)) in rows.enumerated() {
            let before = index > 0 ? rows[index - 1].1 : Resident(total: 0, anonymous: 0, file: 0)
            let padded = step.padding(toLength: 32, withPad: " ", startingAt: 0)
            print(
                "\(padded)  \(Self.mb(now.total)) \(Self.delta(now.total - before.total, index))"
                    + "  \(Self.delta(now.anonymous - before.anonymous, index))"
                    + "  \(Self.delta(now.file - before.file, index))")
        }
    }

    static func mb(_ kilobytes: Int) -> String { String(format: "%5.0f MB", Double(kilobytes) / 1024) }

    /// The change since the step before (the first row shows its own figures).
    static func delta(_ kilobytes: Int, _ index: Int) -> String {
        index == 0
            ? String(format: "%6.0f MB", Double(kilobytes) / 1024)
            : String(format: "%+6.0f MB", Double(kilobytes) / 1024)
    }
}

/// The process's resident memory now, in kilobytes: all of it, its anonymous part (heaps, the
/// models' weights and buffers) and its file-backed part (mapped libraries and files).
struct Resident {
    let total: Int
    let anonymous: Int
    let file: Int

    static func now() -> Resident {
        let fields = ProcStatus.kilobytes()
        return Resident(total: fields["VmRSS"] ?? 0, anonymous: fields["RssAnon"] ?? 0, file: fields["RssFile"] ?? 0)
    }
}
