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
    /// A tilted photo is levelled by its eyes, so its top edge comes out tilted: lifting until the
    /// edge was past the canvas's top at the eyes' column left its low end across the hair (a
    /// tester's biden-2 turned 6° and cropped: a hard line at y 30 of the close-up). The edge's
    /// lowest point over the head is now past the top in every scenario.
    @Test func aTiltedPhotosEdgeIsHiddenAcrossTheHead() throws {
        let original = try EditableImage(bytes: try FacePhotos.bytes("biden-2.jpg"))
        let turned = try original.rotated(degrees: 6)
        let (w, h) = (Double(turned.width), Double(turned.height))
        // Inside the turned picture's corners, through the top of the hair.
        let bytes = try turned.cropped(
            left: Int(w * 0.14), top: Int(h * 0.12), width: Int(w * 0.72), height: Int(h * 0.76)
        ).jpeg()
        for scenario in PortraitScenario.all {
            let scene = try FramedScene(bytes: bytes, name: "biden-2-turned.jpg", scenario: scenario, seed: 1)
            let (reference, framing) = (scene.reference, scene.framing)
            let eyes = reference.landmarks.eyeCentres
            let (mid, eyeDistance) = ((eyes.0.x + eyes.1.x) / 2, eyes.0.distance(to: eyes.1))
            let lowest = [-1.6, 0, 1.6].map { k in
                framing.transform.apply(x: min(Double(scene.source.width), max(0, mid + k * eyeDistance)), y: 0).y
            }.max()!
            #expect(lowest < 0, "\(scenario.id): the photo's top edge comes down to y \(lowest)")
        }
    }
}
