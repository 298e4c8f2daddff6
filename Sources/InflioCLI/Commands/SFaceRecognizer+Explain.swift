import ArgumentParser
import Faces
import Foundation

extension SFaceRecognizer {
    /// Loads SFace from the models folder, turning a missing library or model into a message that
    /// says how to install it and that dlib works without it.
    static func loadOrExplain() throws -> SFaceRecognizer {
        do {
            return try SFaceRecognizer()
        } catch let error as FaceError {
            FileHandle.writeError("error: SFace is not available. \(error)")
            FileHandle.writeError("(dlib does not need it: use --model dlib, the default.)")
            throw ExitCode(2)
        }
    }
}
