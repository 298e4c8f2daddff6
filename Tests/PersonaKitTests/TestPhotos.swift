import Faces
import Foundation
import Imaging
import PersonaKit
import TestSupport

/// The shared real face photos (../shared/testdata/faces) and one analyzer for all tests.
enum TestPhotos {
    static let models: FaceModels = try! FaceModels()
    /// With SFace beside dlib when it is installed, as the service runs.
    static let analyzer: PhotoBatchAnalyzer = try! PhotoBatchAnalyzer(
        models: models, secondOpinion: SFaceInstall.recognizer)

    static func analyze(_ names: [String]) -> [PhotoAnalysis] { analyzer.analyze(files: names.map(FacePhotos.path)) }
    static func analyze(_ name: String) -> PhotoAnalysis { analyze([name])[0] }
    static func analyze(bytes: [UInt8], name: String) -> PhotoAnalysis { analyzer.analyze(photos: [(name, bytes)])[0] }
}
