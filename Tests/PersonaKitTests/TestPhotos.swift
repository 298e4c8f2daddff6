import Faces
import Foundation
import Imaging
import PersonaKit

/// The shared real face photos (../shared/testdata/faces) and one analyzer for all tests.
enum TestPhotos {
    static let directory: String = {
        // Tests/PersonaKitTests/TestPhotos.swift → project root → ../shared/testdata/faces
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/testdata/faces").path
    }()

    static var available: Bool { FileManager.default.fileExists(atPath: path("obama-1.jpg")) }
    static let skipReason = "../shared/testdata/faces is absent on this machine"

    static func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    static let models: FaceModels = try! FaceModels()
    static let analyzer: PhotoBatchAnalyzer = try! PhotoBatchAnalyzer(models: models)

    static func analyze(_ names: [String]) -> [PhotoAnalysis] { analyzer.analyze(files: names.map(path)) }
    static func analyze(_ name: String) -> PhotoAnalysis { analyze([name])[0] }
    static func analyze(bytes: [UInt8], name: String) -> PhotoAnalysis { analyzer.analyze(photos: [(name, bytes)])[0] }
}
