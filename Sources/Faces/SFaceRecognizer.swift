import Foundation
import Imaging

/// OpenCV Zoo's SFace face recogniser (2021dec), run by ONNX Runtime: a second opinion on
/// identity, beside dlib's ResNet, from a network trained apart from it. Loaded from the models
/// folder `scripts/setup.sh` fills; when ONNX Runtime or the model is missing, `init` throws
/// `FaceError.modelMissing` and dlib still works. One recogniser serves every thread at once.
public final class SFaceRecognizer: Sendable {
    /// The model with its unused inputs removed and its int8 weights unpacked to fp32 at set-up
    /// (same output, faster): see scripts/setup.sh.
    public static let modelFile = "face_recognition_sface_2021dec_fp32.onnx"
    /// The soname link setup.sh makes beside the library taken from the onnxruntime wheel.
    public static let runtimeLibrary = "onnxruntime/libonnxruntime.so.1"
    static let inputName = "data"
    static let outputName = "fc1"

    /// The loaded ONNX Runtime's version, e.g. "1.32.0".
    public let runtimeVersion: String
    private let session: ONNXSession

    /// `threads` per face: 1 (the default) where the caller runs one face per core.
    public init(directory: String = FaceModels.defaultDirectory(), threads: Int = 1) throws {
        runtimeVersion = try ONNXSession.loadRuntime(
            library: (directory as NSString).appendingPathComponent(Self.runtimeLibrary))
        session = try ONNXSession(
            model: (directory as NSString).appendingPathComponent(Self.modelFile), threads: threads)
    }

    /// The descriptor of the face at `landmarks` (dlib's five points, in `image`'s pixels).
    public func embedding(image: RGBImage, landmarks: FaceLandmarks) throws -> SFaceEmbedding {
        try embedding(ofAlignedFace: SFaceAlignment.alignedFace(in: image, landmarks: landmarks))
    }

    /// The descriptor of a face already aligned by `SFaceAlignment`.
    public func embedding(ofAlignedFace face: RGBImage) throws -> SFaceEmbedding {
        guard let embedding = SFaceEmbedding(raw: try output(ofAlignedFace: face)) else {
            throw FaceError.engineFailed("SFace: empty output")
        }
        return embedding
    }

    /// The network's own 128 values, before scaling to unit length: the face's 0–255 RGB values
    /// go in as planes (NCHW), unscaled, since the model subtracts 127.5 and scales itself.
    func output(ofAlignedFace face: RGBImage) throws -> [Float] {
        let side = SFaceAlignment.size
        precondition(face.width == side && face.height == side, "SFace reads 112×112 faces")
        let plane = side * side
        var input = [Float](repeating: 0, count: 3 * plane)
        face.pixels.withUnsafeBufferPointer { rgb in
            for i in 0..<plane {
                input[i] = Float(rgb[3 * i])
                input[plane + i] = Float(rgb[3 * i + 1])
                input[2 * plane + i] = Float(rgb[3 * i + 2])
            }
        }
        return try session.run(
            input: input, shape: [1, 3, Int64(side), Int64(side)], inputName: Self.inputName,
            outputName: Self.outputName, outputCount: SFaceEmbedding.count)
    }
}
