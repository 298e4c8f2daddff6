import Faces
import Foundation
import Imaging
import PersonaKit
import Providers

/// Photos of one person for the service benchmark, made from the sample faces.
enum BenchPhotos {
    /// `count` photos: the three Obama shots, their mirror images, then re-encoded copies (which
    /// the analysis flags as duplicates, as it would a creator's burst shots). With `side`, each is
    /// scaled to that longer side and saved at high quality (large uploads).
    static func personaSet(from faces: String, into folder: String, count: Int, side: Int?) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sources = try ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"].map {
            try EditableImage(bytes: ImageDecoder.readFile(atPath: faces + "/" + $0))
        }
        var bases = sources
        bases += try sources.map { EditableImage(try $0.rgb().mirrored()) }
        return try (0..<count).map { i in
            let path = folder + String(format: "/photo-%02d.jpg", i)
            if FileManager.default.fileExists(atPath: path) { return path }
            var image = bases[i % bases.count]
            if i >= bases.count { image = try image.adjusted(multiply: 1 + 0.02 * Double(i / bases.count), add: 0) }
            if let side { image = try image.resized(by: Double(side) / Double(max(image.width, image.height))) }
            try Data(image.jpeg(quality: side == nil ? 92 : 99)).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    /// Seconds to render the five portraits from these photos' references, five at once as the
    /// service does: the rendering part of an upload→ready time.
    static func renderingTime(photos: [String]) async throws -> Double {
        let analyzer = try PhotoBatchAnalyzer(models: FaceModels())
        let set = SetAnalyzer.analyze(analyzer.analyze(files: photos))
        let references = set.referenceIndices.compactMap { ReferencePhoto(set.photos[$0]) }
        let provider = LocalStudioProvider(loader: { try ImageDecoder.readFile(atPath: $0.location) })
        let start = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for scenario in PortraitScenario.all {
                group.addTask {
                    let request = PortraitRequest(
                        scenario: scenario, references: ScenarioCasting.references(for: scenario, from: references),
                        seed: 1)
                    _ = try await provider.result(
                        requestId: try await provider.submit(request), request: request, partial: nil)
                }
            }
            try await group.waitForAll()
        }
        return Date().timeIntervalSince(start)
    }
}
