import ArgumentParser
import Faces
import Foundation
import Imaging
import PersonaKit
import Providers

/// `inflio bench designs`: the offline layout renderer's time for one YouTube thumbnail and for
/// four Instagram variations made at once (as the studio's worker makes them, one per compute
/// thread), the PNG the service stores included; the likeness check is timed apart. Not a test:
/// it reports.
struct DesignBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "designs", abstract: "The layout renderer: a 1280×720 thumbnail, and four social images at once.")

    @Option(help: "A folder of one person's photos.") var from: String
    @Option(help: "Photos of the folder to use (the first ones, in name order).") var photos = 3
    @Option(help: "Runs of each timing; the range and median are reported.") var runs = 7

    func run() throws {
        let files = Array(PhotoArguments.expand([from]).filter { $0.contains("obama") }.prefix(photos))
        guard !files.isEmpty else { throw ValidationError("No photos of Obama in \(from).") }
        let analyzer = try PhotoBatchAnalyzer(models: FaceModels.loadOrExplain())
        let analyses = analyzer.analyze(files: files)
        let references = analyses.compactMap { ReferencePhoto($0) }
        guard let identity = FaceEmbedding.centroid(of: analyses.compactMap(\.embedding)) else {
            throw ValidationError("No face in the photos.")
        }
        let bytes = try references.map { try ImageDecoder.readFile(atPath: $0.location) }
        let prompt = "me looking excited about crypto, big bold title 'Bitcoin in 2027'"

        @Sendable func render(_ format: DesignFormat, variation: Int) throws -> [UInt8] {
            let spec = DesignSpec.initial(
                format: format, prompt: prompt, title: nil, brand: .standard, seed: 7, variation: variation)
            let chosen = ScenarioReferences.choose(for: PortraitScenario.all[spec.scenario], from: references)
            let photos = chosen.map { ref in bytes[references.firstIndex(of: ref)!] }
            return try LayoutRenderer.render(spec: spec, references: chosen, photos: photos, logo: nil).image.png(
                compression: .fast)
        }
        _ = try render(.youtubeThumbnail, variation: 0)  // fonts, caches, first allocations

        var thumbnail: [Double] = []
        var social: [Double] = []
        var check: [Double] = []
        for _ in 0..<runs {
            var png: [UInt8] = []
            thumbnail.append(try Self.seconds { png = try render(.youtubeThumbnail, variation: 0) })
            let jpeg = try EditableImage(bytes: png).jpeg(quality: 92)
            check.append(
                try Self.seconds {
                    let distance = analyzer.analyze(photos: [("design", jpeg)]).first?.embedding?.distance(to: identity)
                    guard distance != nil else { throw ValidationError("no face found in the design") }
                })
            // Four threads, as the worker renders up to one version per compute thread.
            let start = Date()
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 4) { variation in
                do { _ = try render(.instagramPost, variation: variation) } catch { failures.add(error) }
            }
            if let error = failures.first { throw error }
            social.append(Date().timeIntervalSince(start))
        }
        print("cores:                          \(System.computeThreads) compute threads")
        print("1280×720 thumbnail (render+PNG): \(Self.summary(thumbnail))  goal ≤ 300 ms")
        print("4 Instagram variations at once:  \(Self.summary(social))  goal ≤ 1000 ms")
        print("likeness check of a thumbnail:   \(Self.summary(check))")
        print(String(format: "peak memory:                    %.0f MB", Double(PeakMemory.residentKilobytes()) / 1024))
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var errors: [any Error] = []
        func add(_ error: any Error) { lock.withLock { errors.append(error) } }
        var first: (any Error)? { lock.withLock { errors.first } }
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    static func summary(_ values: [Double]) -> String {
        let sorted = values.sorted()
        let ms = { (v: Double) in String(format: "%.0f", v * 1000) }
        return
            "median \(ms(sorted[sorted.count / 2])) ms (\(ms(sorted.first!))–\(ms(sorted.last!)) ms, \(values.count) runs)"
    }
}
