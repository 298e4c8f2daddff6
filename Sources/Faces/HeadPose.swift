import Foundation

/// Head orientation in degrees, estimated from the five landmarks.
///
/// - roll: the tilt of the eye line.
/// - yaw: turning left or right. Once the roll is undone, the base of the nose, which sits in front
///   of the eye plane, shifts sideways from the eyes' midpoint by about depth·sin(yaw) while the eye
///   distance shrinks by cos(yaw); their ratio is depthRatio·tan(yaw), depthRatio ≈ 0.45 for an
///   adult face.
/// - pitch: nodding, from the nose's drop below the eye line against its frontal ratio (≈ 0.74,
///   measured on the sample faces);
///   coarser than the other two, used only to tell poses apart.
public struct HeadPose: Sendable, Equatable, Codable {
    public var yaw: Double
    public var pitch: Double
    public var roll: Double

    static let noseDepthRatio = 0.45
    static let frontalNoseDrop = 0.74

    public init(yaw: Double, pitch: Double, roll: Double) {
        self.yaw = yaw
        self.pitch = pitch
        self.roll = roll
    }

    public init(landmarks: FaceLandmarks) {
        let (left, right) = landmarks.eyeCentres
        let rollRadians = atan2(right.y - left.y, right.x - left.x)
        let mid = Point.midpoint(left, right)
        let eyeDistance = max(left.distance(to: right), 1)
        // Express the nose in the face's own frame: x along the eye line, y down from it.
        let dx = landmarks.nose.x - mid.x
        let dy = landmarks.nose.y - mid.y
        let along = (dx * cos(rollRadians) + dy * sin(rollRadians)) / eyeDistance
        let down = (-dx * sin(rollRadians) + dy * cos(rollRadians)) / eyeDistance
        let yawRadians = atan(along / Self.noseDepthRatio)
        // The eye distance shrinks with yaw; correct the drop for it before comparing.
        let drop = down * cos(yawRadians)
        let pitchRadians = asin(max(-1, min(1, (Self.frontalNoseDrop - drop) / Self.frontalNoseDrop)))
        self.init(yaw: yawRadians * 180 / .pi, pitch: pitchRadians * 180 / .pi, roll: rollRadians * 180 / .pi)
    }
}
