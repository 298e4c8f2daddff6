import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// Tightening the framing to keep a close photo's edges out of sight used to hold the eyes at the
/// style's height, so the top of the head went off the canvas (a tester's casual and action
/// portraits; 1.4 to 1.8 eye distances above the eyes were left on these photos, where the top of
/// the head is about 2.1 above them). The framing now moves the eyes down to keep
/// `StudioFraming.headroom`, no lower than `lowestEyeY`.
@Suite("Headroom when the framing tightens")
struct HeadroomTests {
    /// Photos that end close under the chin, so every wider portrait tightens; none has its hair cut
    /// by the top edge (that case is `HeadCutTests`').
    @Test(arguments: [
        "obama-2.jpg", "kit-harington-2.jpg", "biden-2.jpg", "alex-lacamoire-2.png", "lin-manuel-miranda-1.png",
    ])
    func keepsTheTopOfTheHead(name: String) throws {
        let bytes = try FacePhotos.bytes(name)
        for scenario in PortraitScenario.all where !scenario.isCloseUp {
            let scene = try FramedScene(bytes: bytes, name: name, scenario: scenario, seed: 7)
            let framing = scene.framing
            let room = framing.eyeMid.y / framing.unit
            #expect(framing.zoom > 1.2, "\(name) \(scenario.id): tightens (zoom \(framing.zoom))")
            // 2.05: kit-harington-2's casual portrait at zoom 1.95 keeps 2.11, its eyes at `lowestEyeY`.
            #expect(room >= 2.05, "\(name) \(scenario.id): \(room) eye distances above the eyes")
            #expect(framing.eyeMid.y <= StudioFraming.lowestEyeY * Double(scene.height) + 1)
        }
    }

    /// A design's layout keeps its eye line: its title is placed around it.
    @Test func aDesignKeepsItsEyeLine() throws {
        let name = "obama-2.jpg"
        let bytes = try FacePhotos.bytes(name)
        let reference = try MattingQualityTests.reference(of: bytes, name: name)
        let photo = try EditableImage(bytes: bytes)
        var random = SeededGenerator(seed: 7)
        let style = StudioStyle.make(
            for: PortraitScenario.all[1], yaw: reference.pose.yaw, instruction: StudioInstruction(nil), random: &random)
        let (width, height) = PortraitScenario.all[1].pixelSize(longSide: 1024)
        let framing = StudioFraming(
            landmarks: reference.landmarks, yaw: reference.pose.yaw, sourceWidth: photo.width,
            sourceHeight: photo.height, style: style, canvasWidth: width, canvasHeight: height,
            maxZoom: DesignPerson.maxZoom, keepsHeadroom: false)
        #expect(framing.zoom > 1 && abs(framing.eyeMid.y - style.eyeY * Double(height)) < 0.5)
    }
}
