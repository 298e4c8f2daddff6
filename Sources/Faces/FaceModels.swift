import CDlibShim
import Foundation

public enum FaceError: Error, Sendable, CustomStringConvertible {
    case modelMissing(path: String)
    case modelUnreadable(path: String, reason: String)
    case engineFailed(String)

    public var description: String {
        switch self {
        case .modelMissing(let path):
            "Face model not found at \(path). Run scripts/setup.sh (or `make run`) to install it, or set INFLIO_MODELS_DIR."
        case .modelUnreadable(let path, let reason): "Face model \(path) could not be loaded: \(reason)"
        case .engineFailed(let what): "The face engine failed: \(what)"
        }
    }
}

/// dlib's model files, loaded once per process and shared by every `FaceEngine`.
public final class FaceModels: @unchecked Sendable {
    // The shape predictor is only read after loading, so one copy serves all threads. The
    // recognizer is cloned per engine because a dlib network keeps per-call buffers.
    let shapePredictor: OpaquePointer
    let recognizer: OpaquePointer
    let detector: OpaquePointer

    public static let landmarkModelFile = "shape_predictor_5_face_landmarks.dat"
    public static let recognitionModelFile = "dlib_face_recognition_resnet_model_v1.dat"

    public init(directory: String) throws {
        // Photos are processed in parallel one per core; a BLAS thread pool on top would oversubscribe.
        inflio_dlib_set_blas_threads(1)
        let landmarks = (directory as NSString).appendingPathComponent(Self.landmarkModelFile)
        let recognition = (directory as NSString).appendingPathComponent(Self.recognitionModelFile)
        for path in [landmarks, recognition] where !FileManager.default.fileExists(atPath: path) {
            throw FaceError.modelMissing(path: path)
        }
        shapePredictor = try Self.load(landmarks) { inflio_dlib_shape_predictor_load($0, $1, $2) }
        do {
            recognizer = try Self.load(recognition) { inflio_dlib_recognizer_load($0, $1, $2) }
        } catch {
            inflio_dlib_shape_predictor_free(shapePredictor)
            throw error
        }
        guard let detector = inflio_dlib_detector_new() else { throw FaceError.engineFailed("detector") }
        self.detector = detector
    }

    /// Loads from `INFLIO_MODELS_DIR`, else the `models` folder of the working directory or of the
    /// nearest ancestor of the executable (so tests and installed binaries find the checkout's).
    public convenience init() throws {
        try self.init(directory: Self.defaultDirectory())
    }

    public static func defaultDirectory() -> String {
        if let configured = ProcessInfo.processInfo.environment["INFLIO_MODELS_DIR"], !configured.isEmpty {
            return configured
        }
        var candidates = [FileManager.default.currentDirectoryPath]
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            candidates.append(url.path)
        }
        for base in candidates {
            let dir = (base as NSString).appendingPathComponent("models")
            if FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent(landmarkModelFile)) {
                return dir
            }
        }
        return (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("models")
    }

    deinit {
        inflio_dlib_shape_predictor_free(shapePredictor)
        inflio_dlib_recognizer_free(recognizer)
        inflio_dlib_detector_free(detector)
    }

    /// A detector, landmark predictor and recognizer for one thread.
    public func makeEngine() throws -> FaceEngine { try FaceEngine(models: self) }

    private static func load(
        _ path: String, _ loader: (UnsafePointer<CChar>, UnsafeMutablePointer<CChar>, Int) -> OpaquePointer?
    ) throws -> OpaquePointer {
        var error = [CChar](repeating: 0, count: 512)
        let model = path.withCString { cPath in
            error.withUnsafeMutableBufferPointer { loader(cPath, $0.baseAddress!, $0.count) }
        }
        guard let model else {
            throw FaceError.modelUnreadable(
                path: path,
                reason: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return model
    }
}
