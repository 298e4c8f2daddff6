import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// A photo whose top edge cuts through the head (rose-leslie-1's hair runs off its top) used to give
/// a flat-topped head in mid-canvas, its cut edge faded against the backdrop (seen on a held-out
/// persona's dynamic and environmental portraits). The framing now moves the person up so the cut
/// lies past the canvas's top.
@Suite("A head cut by the photo's top edge")
struct HeadCutTests {
    /// Labelled by eye: whose hair reaches the top edge above the face.
    @Test(arguments: [
        ("rose-leslie-1.jpg", true), ("rose-leslie-2.jpg", true), ("obama-1.jpg", false), ("obama-2.jpg", false),
        ("biden-1.jpg", false), ("kit-harington-1.jpg", false),
    ])
    func isFound(name: String, cut: Bool) throws {
        let bytes = try FacePhotos.bytes(name)
        let reference = try MattingQualityTests.reference(of: bytes, name: name)
        #expect(try StudioRenderer.headCutByTop(EditableImage(bytes: bytes), landmarks: reference.landmarks) == cut)
    }

    /// Every scenario's framing of rose-leslie-1 puts the photo's top edge above the canvas (where
    /// it is not shown), with the eyes still at least `leastEyeDepth` below the canvas's top;
    /// without the move, the edge crossed the canvas in all five.
    @Test func isHiddenAboveTheCanvas() throws {
        let name = "rose-leslie-1.jpg"
        let bytes = try FacePhotos.bytes(name)
        for scenario in PortraitScenario.all {
            let scene = try FramedScene(bytes: bytes, name: name, scenario: scenario, seed: 7)
            let (reference, framing) = (scene.reference, scene.framing)
            let edge = framing.transform.apply(
                x: Double((reference.landmarks.eyeCentres.0.x + reference.landmarks.eyeCentres.1.x) / 2), y: 0
            ).y
            #expect(edge < -1, "\(scenario.id): the photo's top edge at y \(edge)")
            #expect(framing.eyeMid.y >= StudioFraming.leastEyeDepth * framing.unit - 1, "\(scenario.id)")
        }
    }
}
