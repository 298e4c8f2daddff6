import ArgumentParser
import Faces
import Foundation
import PersonaKit

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Tell whether photos show the same person (dlib descriptor distance against its 0.6 bar).",
        usage: """
            inflio compare A B [--json]
            inflio compare --pairs FILE.csv [--root DIR] --json
            """)

    @Argument(help: "Two photos to compare.")
    var photos: [String] = []

    @Option(help: "A CSV file whose first two columns are photo paths (a header row is allowed).")
    var pairs: String?

    @Option(help: "Folder the paths in --pairs are relative to (default: the CSV's folder).")
    var root: String?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if pairs == nil && photos.count != 2 { throw ValidationError("Give two photos, or --pairs FILE.csv.") }
        if pairs != nil && !photos.isEmpty { throw ValidationError("Give either two photos or --pairs, not both.") }
    }

    func run() throws {
        let threshold = FaceEmbedding.samePersonThreshold
        let analyzer = try PhotoBatchAnalyzer(models: FaceModels.loadOrExplain())
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

/// One compared pair. `distance` and `samePerson` are null, with an `error`, when a photo has
/// no usable face.
struct PairResult: Encodable {
    let a: String
    let b: String
    let distance: Double?
    let samePerson: Bool?
    let error: PhotoError?

    init(a: String, b: String, analysisA: PhotoAnalysis, analysisB: PhotoAnalysis, threshold: Double) {
        self.a = a
        self.b = b
        if let ea = analysisA.embedding, let eb = analysisB.embedding {
            let d = ea.distance(to: eb)
            distance = (d * 10000).rounded() / 10000
            samePerson = d < threshold
            error = nil
        } else {
            distance = nil
            samePerson = nil
            let failed = analysisA.embedding == nil ? (a, analysisA) : (b, analysisB)
            error = failed.1.error ?? PhotoError(code: "no_face", message: "No face was found in \(failed.0).")
        }
    }

    enum CodingKeys: String, CodingKey { case a, b, distance, samePerson, error }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(a, forKey: .a)
        try c.encode(b, forKey: .b)
        try c.encode(distance, forKey: .distance)
        try c.encode(samePerson, forKey: .samePerson)
        try c.encodeIfPresent(error, forKey: .error)
    }
}

/// The `--pairs` CSV: the first two columns of each row name two photos.
struct PairsFile {
    struct Row { let a, b, displayA, displayB: String }

    static func read(_ path: String, root: String?) throws -> [Row] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("Cannot read \(path).")
        }
        let base = root ?? (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : (base as NSString).appendingPathComponent(p) }
        var rows = String(decoding: data, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { cells(String($0)) }
            .filter { $0.count >= 2 && !$0[0].isEmpty }
        // A first row naming no existing file is a header.
        if let first = rows.first, !FileManager.default.fileExists(atPath: resolve(first[0])),
            !FileManager.default.fileExists(atPath: resolve(first[1]))
        {
            rows.removeFirst()
        }
        return rows.map { Row(a: resolve($0[0]), b: resolve($0[1]), displayA: $0[0], displayB: $0[1]) }
    }

    /// Splits one CSV line, honouring double-quoted cells.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(line)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" {
                    if chars.first == "\"" {
                        current.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
        }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }
}
