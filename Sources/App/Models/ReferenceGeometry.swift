import Faces
import PersonaKit

/// A photo's face as the analysis measured it, in the stored image's pixels.
struct ReferenceGeometry: Codable, Sendable, Equatable {
    var face: FaceBox
    var landmarks: FaceLandmarks
    var pose: HeadPose
    /// How open the mouth is; nil for photos analysed before it was measured.
    var expression: FaceExpression?
    /// The face's light against the room behind it; nil for photos analysed before it was measured.
    var backlight: FaceBacklight?
}
