import Imaging
import PersonaKit

@testable import Providers

/// A photo framed for a scenario as the studio frames it (seeded style, 1024 on the longer side):
/// where the tests of one stage after the framing (the matte, the rim, the head cut) start.
struct FramedScene {
    let photo: EditableImage
    let reference: ReferencePhoto
    let style: StudioStyle
    /// The photo as framed (it may have been shrunk first: `framing` is in its pixels).
    let source: EditableImage
    let framing: StudioFraming
    let subject: EditableImage
    let width: Int
    let height: Int

    init(bytes: [UInt8], name: String, scenario: PortraitScenario, seed: UInt64) throws {
        reference = try MattingQualityTests.reference(of: bytes, name: name)
        var random = SeededGenerator(seed: seed)
        style = StudioStyle.make(
            for: scenario, yaw: reference.pose.yaw, instruction: StudioInstruction(nil), random: &random)
        (width, height) = scenario.pixelSize(longSide: 1024)
        photo = try EditableImage(bytes: bytes)
        (source, framing, subject) = try StudioRenderer.framed(
            photo: photo, reference: reference, photoScale: 1, style: style, width: width, height: height)
    }
}
