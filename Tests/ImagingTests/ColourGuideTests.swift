import Foundation
import Imaging
import Testing

/// `Matting.refined` on a scene drawn here: a skin-brown face's edge beside a flag's red of the
/// same lightness (obama-2's jaw and ear against the flag behind him), with the model's coarse
/// answer reaching 6 pixels too far into the red, as it does there at thumbnail size. A guide of
/// the photo's lightness alone sees almost no edge to snap to; the photo's colour parts them.
@Suite("The guided filter's colour guide")
struct ColourGuideTests {
    static let (width, height) = (120, 80)
    /// Where the face ends (its blend is 2 pixels wide), and where the model's answer puts it.
    static let edge = 60.0
    static let modelEdge = 66.0
    /// Rec. 601 luma 93.8 and 95.4: nearly one lightness to a grey guide.
    static let skin: [Double] = [120, 85, 70]
    static let red: [Double] = [190, 55, 55]

    static func photo() -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let share = min(1, max(0, (Double(x) + 0.5 - edge) / 2 + 0.5))
                for c in 0..<3 {
                    pixels[3 * (y * width + x) + c] = UInt8((share * red[c] + (1 - share) * skin[c]).rounded())
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// The model's answer: sure of the person left of its edge, falling to 0 over 16 pixels.
    static func probability() -> [UInt8] {
        (0..<(width * height)).map { i in
            let t = min(1, max(0, 0.5 - (Double(i % width) + 0.5 - modelEdge) / 16))
            return UInt8((255 * t * t * (3 - 2 * t)).rounded())
        }
    }

    @Test func lessOfARedAsLightAsTheFaceIsKeptBesideIt() throws {
        let alpha = try Matting.refined(
            probability: Self.probability(), guide: Self.photo(),
            limit: [UInt8](repeating: 255, count: Self.width * Self.height), box: 17, eps: 0.004, low: 0.2,
            high: 0.8)
        let y = Self.height / 2
        func at(_ x: Int) -> Float { alpha[y * Self.width + x] }
        // The face stays, and less of the red beyond it: with a grey guide, 0.77 three pixels out
        // and 0.44 at the model's edge; with the colour guide 0.54 and 0.26. Not 0: within the
        // filter's box the red side's fit is the model's mean answer there, which its ramp keeps
        // high (the filter snaps an edge the model roughly drew; it does not undo a wrong one).
        #expect(at(Int(Self.edge) - 4) > 0.95, "the face 4 pixels in: \(at(Int(Self.edge) - 4))")
        #expect(at(Int(Self.edge) + 3) < 0.65, "the red 3 pixels out: \(at(Int(Self.edge) + 3))")
        #expect(at(Int(Self.modelEdge)) < 0.35, "the red at the model's edge: \(at(Int(Self.modelEdge)))")
    }
}
