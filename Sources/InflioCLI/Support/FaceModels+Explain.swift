import ArgumentParser
import Faces
import Foundation

extension FaceModels {
    /// Loads the models, turning a missing file into a message that says how to install it.
    static func loadOrExplain() throws -> FaceModels {
        do {
            return try FaceModels()
        } catch let error as FaceError {
            FileHandle.writeError("error: \(error)")
            throw ExitCode(2)
        }
    }
}
