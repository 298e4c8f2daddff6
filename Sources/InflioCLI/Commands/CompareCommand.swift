import ArgumentParser
import Faces
import Foundation
import PersonaKit

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Tell whether photos show the same person (dlib's descriptor distance and 0.6 bar, or SFace's).",
        usage: """
            inflio compare A B [--model dlib|sface|both] [--json]
            inflio compare --pairs FILE.csv [--root DIR] [--model dlib|sface|both] --json
            """)

    @Argument(help: "Two photos to compare.")
    var photos: [String] = []

    @Option(help: "A CSV file whose first two columns are photo paths (a header row is allowed).")
    var pairs: String?

    @Option(help: "Folder the paths in --pairs are relative to (default: the CSV's folder).")
    var root: String?

    @Option(
        help: """
            Which face model decides: dlib (its Euclidean distance, bar 0.6), sface (OpenCV Zoo's SFace, \
            cosine distance, bar 0.53), or both (same person only when both agree, "uncertain" when they do not).
            """)
    var model: CompareModel = .dlib

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if pairs == nil && photos.count != 2 { throw ValidationError("Give two photos, or --pairs FILE.csv.") }
        if pairs != nil && !photos.isEmpty { throw ValidationError("Give either two photos or --pairs, not both.") }
    }

    func run() throws {
        let threshold = FaceEmbedding.samePersonThreshold
        let models = try FaceModels.loadOrExplain()
        if model != .dlib { return try runSecondOpinion(models: models) }
        let analyzer = try PhotoBatchAnalyzer(models: models)
        if let pairs {
            let rows = try PairsFile.read(pairs, root: root)
            let unique = Array(Set(rows.flatMap { [$0.a, $0.b] })).sorted()
            let analyses = Dictionary(uniqueKeysWithValues: zip(unique, analyzer.analyze(files: unique)))
            let results = rows.map { row in
                PairResult(
                    a: row.displayA, b: row.displayB, analysisA: analyses[row.a]!, analysisB: analyses[row.b]!,
                    threshold: threshold)
            }
            try JSONOutput.print(results)
            return
        }
        let analyses = analyzer.analyze(files: photos)
        let result = PairResult(
            a: photos[0], b: photos[1], analysisA: analyses[0], analysisB: analyses[1], threshold: threshold)
        if let error = result.error {
            if json {
                try JSONOutput.print(result)
            } else {
                FileHandle.writeError("error: \(error.code): \(error.message)")
            }
            throw ExitCode(1)
        }
        if json {
            try JSONOutput.print(
                Verdict(distance: result.distance!, samePerson: result.samePerson!, threshold: threshold))
        } else {
            let verdict = result.samePerson! ? "same person" : "different people"
            print(String(format: "%@ (distance %.3f, same-person bar %.2f)", verdict, result.distance!, threshold))
        }
    }

    struct Verdict: Encodable {
        let distance: Double
        let samePerson: Bool
        let threshold: Double
    }
}
