import CLiteRt
import Foundation
import Imaging

/// MediaPipe's selfie segmentation model (256×256 RGB in, one person probability per cell out), run
/// by LiteRT, which is loaded from the models folder at run time. Both come from wheels that
/// `scripts/setup.sh` takes them from, pinned by hash. A compiled LiteRT model runs one inference
/// at a time, so the segmenter keeps a small pool of them: one per thread that is using it.
public final class PersonSegmenter: @unchecked Sendable {
    public static let modelFile = "selfie_segmentation.tflite"
    /// The library taken from the ai-edge-litert wheel.
    public static let runtimeLibrary = "litert/libLiteRt.so"
    /// The model's square input and output side.
    public static let side = 256

    private let modelPath: String
    private let lock = NSLock()
    private var idle: [OpaquePointer] = []

    public init(directory: String = FaceModels.defaultDirectory()) throws {
        let library = (directory as NSString).appendingPathComponent(Self.runtimeLibrary)
        modelPath = (directory as NSString).appendingPathComponent(Self.modelFile)
        for path in [library, modelPath] where !FileManager.default.fileExists(atPath: path) {
            throw FaceError.modelMissing(path: path)
        }
        let loaded = CErrorBuffer.call { inflio_litert_load(library, $0, $1) }
        guard loaded.result == 0 else { throw FaceError.modelUnreadable(path: library, reason: loaded.message) }
        // Open one at once, so a model of the wrong shape fails here rather than at the first photo.
        let first = try open()
        var input = [Int32](repeating: 0, count: 8)
        var output = input
        let inputRank = inflio_litert_input_shape(first, &input)
        let outputRank = inflio_litert_output_shape(first, &output)
        let side = Int32(Self.side)
        guard Array(input.prefix(Int(inputRank))) == [1, side, side, 3],
            Array(output.prefix(Int(outputRank))) == [1, side, side, 1]
        else {
            inflio_litert_model_free(first)
            throw FaceError.modelUnreadable(
                path: modelPath, reason: "unexpected tensor shapes \(input.prefix(Int(inputRank))) → \(output)")
        }
        idle.append(first)
    }

    deinit { for model in idle { inflio_litert_model_free(model) } }

    /// The process's segmenter, opened on first use from the default models folder. A failure is
    /// kept and thrown again, so a missing model is reported the same way every time.
    public static func shared() throws -> PersonSegmenter { try sharedResult.get() }
    private static let sharedResult = Result { try PersonSegmenter() }

    /// The probability that each cell of a 256×256 picture shows the person, row by row. The
    /// picture is read as the model was trained: RGB scaled to 0–1.
    public func probabilities(of image: RGBImage) throws -> [Float] {
        precondition(image.width == Self.side && image.height == Self.side, "the model reads 256×256 pictures")
        let input = image.pixels.map { Float($0) / 255 }
        let model = try borrow()
        defer { giveBack(model) }
        var output = [Float](repeating: 0, count: Self.side * Self.side)
        let status = CErrorBuffer.call { error, size in
            input.withUnsafeBufferPointer { values in
                output.withUnsafeMutableBufferPointer { out in
                    inflio_litert_run(model, values.baseAddress, values.count, out.baseAddress, out.count, error, size)
                }
            }
        }
        guard status.result == 0 else { throw FaceError.engineFailed("LiteRT: \(status.message)") }
        return output
    }

    private func open() throws -> OpaquePointer {
        let made = CErrorBuffer.call { inflio_litert_model_new(modelPath, $0, $1) }
        guard let model = made.result else { throw FaceError.modelUnreadable(path: modelPath, reason: made.message) }
        return model
    }

    private func borrow() throws -> OpaquePointer {
        if let model = lock.withLock({ idle.popLast() }) { return model }
        return try open()
    }

    private func giveBack(_ model: OpaquePointer) { lock.withLock { idle.append(model) } }
}
