import Faces
import Foundation

/// Whether `scripts/setup.sh` has installed SFace and ONNX Runtime into the models folder (`make
/// test` runs it first, so in CI the SFace tests run; elsewhere they are skipped, saying why).
enum SFaceInstall {
    static let directory = FaceModels.defaultDirectory()
    static let available: Bool = [SFaceRecognizer.modelFile, SFaceRecognizer.runtimeLibrary].allSatisfy {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0))
    }
    /// One recogniser for every test: it is thread-safe, and opening the model takes a moment.
    static let recognizer: SFaceRecognizer? = try? SFaceRecognizer(directory: directory)
}
