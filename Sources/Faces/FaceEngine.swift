import CDlibShim
import Imaging

/// The face pipeline's steps on one thread: detection, landmarks, aligned chips and identity
/// descriptors. Not safe to share between threads; make one per worker with `FaceModels.makeEngine()`.
public final class FaceEngine: @unchecked Sendable {
    private let models: FaceModels
    private let detector: OpaquePointer
    private let recognizer: OpaquePointer

    /// Side of the chip dlib's ResNet was trained on.
    public static let embeddingChipSize = 150
    /// Padding dlib's examples use around the face for the ResNet chip.
    public static let embeddingChipPadding = 0.25
    static let maxFaces = 32

    init(models: FaceModels) throws {
        self.models = models
        guard let detector = inflio_dlib_detector_clone(models.detector) else {
            throw FaceError.engineFailed("detector clone")
        }
        guard let recognizer = inflio_dlib_recognizer_clone(models.recognizer) else {
            inflio_dlib_detector_free(detector)
            throw FaceError.engineFailed("recognizer clone")
        }
        self.detector = detector
        self.recognizer = recognizer
    }

    deinit {
        inflio_dlib_detector_free(detector)
        inflio_dlib_recognizer_free(recognizer)
    }

    /// Faces found by dlib's HOG detector, largest first. Each `upsample` doubles the image first,
    /// halving the smallest face found (about 80 px without, 40 px with one doubling).
    public func detectFaces(in image: RGBImage, upsample: Int = 0) throws -> [FaceBox] {
        let stride = Int(INFLIO_DLIB_BOX_VALUES)
        var values = [Double](repeating: 0, count: Self.maxFaces * stride)
        let count = image.pixels.withUnsafeBufferPointer { pixels in
            inflio_dlib_detect(
                detector, pixels.baseAddress, Int32(image.width), Int32(image.height),
                Int32(upsample), &values, Int32(Self.maxFaces))
        }
        guard count >= 0 else { throw FaceError.engineFailed("face detection") }
        let boxes = (0..<min(Int(count), Self.maxFaces)).map { i in
            let v = values[(i * stride)..<((i + 1) * stride)].map { $0 }
            return FaceBox(left: v[0], top: v[1], right: v[2], bottom: v[3], confidence: v[4], filter: Int(v[5]))
        }
        return boxes.sorted { $0.area > $1.area }
    }

    public func landmarks(in image: RGBImage, face: FaceBox) throws -> FaceLandmarks {
        var box = [face.left, face.top, face.right, face.bottom]
        var points = [Double](repeating: 0, count: 10)
        let count = image.pixels.withUnsafeBufferPointer { pixels in
            inflio_dlib_landmarks(
                models.shapePredictor, pixels.baseAddress, Int32(image.width), Int32(image.height), &box, &points, 5)
        }
        guard count == 5 else { throw FaceError.engineFailed("landmarks") }
        return FaceLandmarks(points: (0..<5).map { Point(x: points[2 * $0], y: points[2 * $0 + 1]) })
    }

    /// A size×size crop rotated and scaled so the eyes and nose sit where dlib's models expect
    /// them: the same face gives nearly the same chip at any photo resolution.
    public func alignedChip(
        of image: RGBImage, landmarks: FaceLandmarks, size: Int = FaceEngine.embeddingChipSize,
        padding: Double = FaceEngine.embeddingChipPadding
    ) throws -> RGBImage {
        var points = landmarks.points.flatMap { [$0.x, $0.y] }
        var chip = [UInt8](repeating: 0, count: size * size * 3)
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            inflio_dlib_face_chip(
                pixels.baseAddress, Int32(image.width), Int32(image.height), &points, 5,
                Int32(size), padding, &chip)
        }
        guard status == 0 else { throw FaceError.engineFailed("face chip") }
        return RGBImage(width: size, height: size, pixels: chip)
    }

    /// The identity descriptor of a 150×150 chip from `alignedChip`.
    public func embedding(ofChip chip: RGBImage) throws -> FaceEmbedding {
        precondition(chip.width == Self.embeddingChipSize && chip.height == Self.embeddingChipSize)
        var values = [Float](repeating: 0, count: 128)
        let status = chip.pixels.withUnsafeBufferPointer { inflio_dlib_embed(recognizer, $0.baseAddress, &values) }
        guard status == 0 else { throw FaceError.engineFailed("embedding") }
        return FaceEmbedding(values: values)
    }
}
