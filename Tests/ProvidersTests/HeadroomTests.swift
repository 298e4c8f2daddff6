import Faces
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
    /// by the top edge (that case is `HeadCutTests`'). The least room each keeps: 2.05 above the
    /// eyes (the top of the head is about 2.1 above them); kit-harington-2's curls come within a
    /// few pixels of its top edge, which the move down does not bring into sight, so it stops at
    /// 1.93 (1.65 before).
    @Test(arguments: [
        ("obama-2.jpg", 2.05), ("kit-harington-2.jpg", 1.9), ("biden-2.jpg", 2.05), ("alex-lacamoire-2.png", 2.05),
        ("lin-manuel-miranda-1.png", 2.05),
    ])
    func keepsTheTopOfTheHead(name: String, least: Double) throws {
        let bytes = try FacePhotos.bytes(name)
        for scenario in PortraitScenario.all where !scenario.isCloseUp {
            let scene = try FramedScene(bytes: bytes, name: name, scenario: scenario, seed: 7)
            let framing = scene.framing
            let room = framing.eyeMid.y / framing.unit
            #expect(framing.zoom > 1.2, "\(name) \(scenario.id): tightens (zoom \(framing.zoom))")
            #expect(room >= least, "\(name) \(scenario.id): \(room) eye distances above the eyes")
            #expect(framing.eyeMid.y <= StudioFraming.lowestEyeY * Double(scene.height) + 1)
        }
    }

    /// A design's layout keeps its eye point, its title placed around it: neither moved down for
    /// headroom nor sideways to hide the photo's edge (lin-manuel-miranda-1's environmental
    /// framing moves him right as a portrait).
    @Test func aDesignKeepsItsEyePoint() throws {
        let name = "lin-manuel-miranda-1.png"
        let scene = try FramedScene(
            bytes: try FacePhotos.bytes(name), name: name, scenario: PortraitScenario.all[4], seed: 7)
        #expect(abs(scene.framing.eyeMid.x - scene.style.eyeX * Double(scene.width)) > 50, "the portrait moves him")
        let (_, framing, _) = try DesignPerson.framed(
            photo: scene.photo, reference: scene.reference, photoScale: 1, style: scene.style, width: scene.width,
            height: scene.height)
        #expect(abs(framing.eyeMid.x - scene.style.eyeX * Double(scene.width)) < 0.5)
        #expect(abs(framing.eyeMid.y - scene.style.eyeY * Double(scene.height)) < 0.5)
    }

    /// The move down stops where the photo's top edge would come into sight: a photo that ends
    /// 2.2 eye distances above the eyes (hair to its very top, where the model did not find the
    /// head cut) keeps that edge past the canvas's top. Without the stop the eyes went down the
    /// whole headroom and the edge crossed the canvas 46–49 px below its top.
    @Test func neverBringsAHiddenTopEdgeIntoSight() {
        // 60 px between the eyes, 132 px (2.2 eye distances) below the top of a narrow photo: the
        // framing tightens to hide its sides, and the edge is hidden at the style's point, less
        // than the headroom above the eyes.
        let landmarks = FaceLandmarks(points: [
            Point(x: 115, y: 132), Point(x: 125, y: 132), Point(x: 175, y: 132), Point(x: 185, y: 132),
            Point(x: 150, y: 168),
        ])
        let scenario = PortraitScenario.all[1]
        let (width, height) = scenario.pixelSize(longSide: 1024)
        for seed in UInt64(1)...6 {
            var random = SeededGenerator(seed: seed)
            let style = StudioStyle.make(for: scenario, yaw: 0, instruction: StudioInstruction(nil), random: &random)
            let framing = StudioFraming(
                landmarks: landmarks, yaw: 0, sourceWidth: 300, sourceHeight: 800, style: style, canvasWidth: width,
                canvasHeight: height)
            let styleEyeY = style.eyeY * Double(height)
            let edgeAtStylePoint = styleEyeY - 132 * framing.scale
            // The case the stop is for: tightened, the edge hidden where the style put the eyes.
            #expect(framing.zoom > 1.5 && edgeAtStylePoint < -2, "seed \(seed): zoom \(framing.zoom)")
            let edge = framing.transform.apply(x: 150, y: 0).y
            #expect(edge < 0, "seed \(seed): the photo's top edge at y \(edge)")
            // ...and the eyes still went down towards the headroom, as far as the edge allows.
            #expect(framing.eyeMid.y > styleEyeY + 2, "seed \(seed)")
        }
    }
}
