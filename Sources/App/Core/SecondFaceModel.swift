import Faces
import Logging
import Synchronization

/// SFace, the second face model, loaded once per process and shared by every analyzer (ONNX
/// Runtime runs one session from many threads; each load costs ~0.2 s and ~90 MB).
enum SecondFaceModel {
    private static let loaded: Result<SFaceRecognizer, any Error> = Result { try SFaceRecognizer() }
    private static let reported = Atomic<Bool>(false)

    /// The recogniser, or nil when it is not installed; then the log says, once, that dlib decides alone.
    static func load(logger: Logger) -> SFaceRecognizer? {
        switch loaded {
        case .success(let recognizer): return recognizer
        case .failure(let error):
            if !reported.exchange(true, ordering: .relaxed) {
                logger.warning(
                    "SFace is not available (\(error)); photos and portraits are judged by dlib alone. Run scripts/setup.sh to install it."
                )
            }
            return nil
        }
    }
}
