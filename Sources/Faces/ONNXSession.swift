import CONNXRuntime
import Foundation

/// One ONNX model opened in ONNX Runtime, which is loaded from the models folder at run time.
/// ONNX Runtime's `Run` is thread-safe, so one session serves every worker at once.
final class ONNXSession: @unchecked Sendable {
    private let session: OpaquePointer

    /// Opens ONNX Runtime once per process; returns its version. A missing library is
    /// `FaceError.modelMissing`, so callers say how to install it, as for dlib's models.
    static func loadRuntime(library path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw FaceError.modelMissing(path: path) }
        let status = CErrorBuffer.call { inflio_ort_load(path, $0, $1) }
        guard status.result == 0, let version = inflio_ort_version() else {
            throw FaceError.modelUnreadable(path: path, reason: status.message)
        }
        return String(cString: version)
    }

    /// `threads` per run: 1 where callers already keep every core busy with one photo each.
    init(model path: String, threads: Int) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw FaceError.modelMissing(path: path) }
        let made = CErrorBuffer.call { inflio_ort_session_new(path, Int32(threads), $0, $1) }
        guard let session = made.result else { throw FaceError.modelUnreadable(path: path, reason: made.message) }
        self.session = session
    }

    deinit { inflio_ort_session_free(session) }

    /// Runs one float tensor through the model and returns the named output's `outputCount` values.
    func run(input: [Float], shape: [Int64], inputName: String, outputName: String, outputCount: Int) throws
        -> [Float]
    {
        precondition(input.count == shape.reduce(1, *), "the input must hold exactly the shape's values")
        var output = [Float](repeating: 0, count: outputCount)
        let status = CErrorBuffer.call { error, size in
            input.withUnsafeBufferPointer { values in
                shape.withUnsafeBufferPointer { dims in
                    output.withUnsafeMutableBufferPointer { out in
                        inflio_ort_run(
                            session, inputName, values.baseAddress, dims.baseAddress, dims.count, outputName,
                            out.baseAddress, outputCount, error, size)
                    }
                }
            }
        }
        guard status.result == 0 else { throw FaceError.engineFailed("ONNX Runtime: \(status.message)") }
        return output
    }
}
