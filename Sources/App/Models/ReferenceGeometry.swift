import Faces

/// A photo's face as the analysis measured it, in the stored image's pixels.
struct ReferenceGeometry: Codable, Sendable, Equatable {
    var face: FaceBox
    var landmarks: FaceLandmarks
    var pose: HeadPose
}
