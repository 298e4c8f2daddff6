import Faces
import Foundation

/// The four 0–1 scores of a photo. Rules (also in docs/analysis.md):
/// - lighting: exposure of the face (full marks for a mean luminance of 95–175, falling to 0 at
///   30 and 240), times penalties for crushed and blown pixels, a flat tonal range (< 90) and
///   one side of the face in shadow.
/// - clarity: log-scaled variance of the Laplacian on the aligned face chip: 0 at 8, 1 at 250.
/// - angle: 1 up to 20° of yaw and 10° of roll, falling to 0 at 50° and 35°.
/// - overall: 0.35 lighting + 0.35 clarity + 0.30 angle, times a face-size factor (0.6 for a tiny
///   face up to 1 for a face 250 px wide or more). All 0 when no face is found.
public struct QualityScores: Sendable, Codable, Equatable {
    public var lighting: Double
    public var clarity: Double
    public var angle: Double
    public var overall: Double

    public static let zero = QualityScores(lighting: 0, clarity: 0, angle: 0, overall: 0)

    public init(lighting: Double, clarity: Double, angle: Double, overall: Double) {
        self.lighting = lighting
        self.clarity = clarity
        self.angle = angle
        self.overall = overall
    }

    public init(lighting light: FaceLighting, laplacianVariance: Double, pose: HeadPose, faceWidthPixels: Double) {
        let lighting = Self.lightingScore(light)
        let clarity = Self.clarityScore(laplacianVariance)
        let angle = Self.angleScore(pose)
        let sizeFactor = 0.6 + 0.4 * clamp01(faceWidthPixels / 250)
        self.init(
            lighting: lighting, clarity: clarity, angle: angle,
            overall: (0.35 * lighting + 0.35 * clarity + 0.30 * angle) * sizeFactor)
    }

    static func lightingScore(_ l: FaceLighting) -> Double {
        let exposure: Double
        if l.mean < 95 {
            exposure = clamp01((l.mean - 30) / 65)
        } else if l.mean > 175 {
            exposure = clamp01((240 - l.mean) / 65)
        } else {
            exposure = 1
        }
        let crushed = 1 - clamp01(l.crushedShare * 1.5)
        let blown = 1 - clamp01(l.blownShare * 2)
        let range = 0.6 + 0.4 * clamp01(l.dynamicRange / 90)
        let sides = max(0.4, 1 - (1 - l.uniformity) * 1.5)
        return exposure * crushed * blown * range * sides
    }

    static func clarityScore(_ variance: Double) -> Double {
        guard variance > 8 else { return 0 }
        return clamp01(log(variance / 8) / log(250.0 / 8))
    }

    static func angleScore(_ pose: HeadPose) -> Double {
        let yaw = 1 - clamp01((abs(pose.yaw) - 20) / 30)
        let roll = 1 - clamp01((abs(pose.roll) - 10) / 25)
        return yaw * roll
    }
}

func clamp01(_ x: Double) -> Double { min(1, max(0, x)) }
