import Faces
import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// obama-2 has a woman behind his shoulder, cut by the photo's edge. The segmentation model
/// half-believes in her (about 0.5) and joins her to him at the ear and the shoulder, so being
/// joined to the face is not enough to keep her out: what is unsure and far from the sure person
/// goes (`SubjectMatte.nearSure`). Before that rule she stood in these framings at a mean
/// opacity of 0.31 (the photo) and 0.63 (its mirror image). Even with it she came and went with
/// the framing: over seeds 1–12 she stayed (0.10–0.49) in 5 of the 24 framings, and in 8 once
/// the framing kept the head's top (`StudioFraming.headroom`), because the model was given the
/// 16:9 canvas and the head crop cut by its edge squeezed into its square. Given them unsqueezed
/// (`SubjectMatte.segmented(_:_:within:by:)`), she is at 0.002 or less in all 24.
@Suite("A second person")
struct SecondPersonTests {
    /// Boxes in obama-2's own pixels (626×1200), drawn by eye: her face and hair right of his
    /// ear, above his shoulder; and his own face.
    static let hers = (left: 575.0, top: 430.0, right: 620.0, bottom: 600.0)
    /// The wall and her hair between his neck and her face, below his ear and above his shoulder.
    static let between = (left: 475.0, top: 505.0, right: 565.0, bottom: 560.0)
    static let his = (left: 230.0, top: 300.0, right: 440.0, bottom: 560.0)

    typealias Box = (left: Double, top: Double, right: Double, bottom: Double)

    /// The matte's mean opacity over `box` (in obama-2's own pixels, read every 4th), and how many
    /// of its points fall on the `width`×`height` canvas. `factor` takes the photo's pixels to the
    /// (maybe shrunk) source the framing's transform is in; a mirrored photo is read flipped.
    static func meanAlpha(
        _ box: Box, of matte: SubjectMatte, framing: StudioFraming, photoWidth: Int, factor: Double, mirrored: Bool,
        width: Int, height: Int
    ) -> (mean: Double, count: Int) {
        var (sum, count) = (0.0, 0)
        for y in stride(from: box.top, to: box.bottom, by: 4) {
            for x in stride(from: box.left, to: box.right, by: 4) {
                let sourceX = mirrored ? Double(photoWidth) - x : x
                let p = framing.transform.apply(x: sourceX * factor, y: y * factor)
                let (cx, cy) = (Int(p.x), Int(p.y))
                guard cx >= 0, cy >= 0, cx < width, cy < height else { continue }
                sum += Double(matte.alpha[cy * width + cx])
                count += 1
            }
        }
        return (count > 0 ? sum / Double(count) : 0, count)
    }

    /// The dynamic portrait, cast from obama-2 (the most animated face), from the photo and its
    /// mirror image (the person then looks and stands the other way, and she is on his other side).
    @Test(arguments: [false, true], 1...12)
    func isNotKeptBesideTheSubject(mirrored: Bool, seed: UInt64) throws {
        let name = "obama-2.jpg"
        var bytes = try FacePhotos.bytes(name)
        if mirrored { bytes = try EditableImage(try EditableImage(bytes: bytes).rgb().mirrored()).jpeg() }
        let scenario = PortraitScenario.all[2]
        let scene = try FramedScene(bytes: bytes, name: name, scenario: scenario, seed: seed)
        let (photo, source, framing, width, height) = (
            scene.photo, scene.source, scene.framing, scene.width, scene.height
        )
        let matte = try SubjectMatte(subject: scene.subject, framing: framing)
        // The framing may have shrunk the photo first: its transform is in the shrunk one's pixels.
        let factor = Double(source.width) / Double(photo.width)
        func meanAlpha(_ box: Box) -> (mean: Double, count: Int) {
            Self.meanAlpha(
                box, of: matte, framing: framing, photoWidth: photo.width, factor: factor, mirrored: mirrored,
                width: width, height: height)
        }
        let her = meanAlpha(Self.hers)
        let him = meanAlpha(Self.his)
        #expect(her.count > 100, "her box is on the canvas: \(her.count) points")
        #expect(her.mean < 0.05, "seed \(seed): she is kept at \(her.mean)")
        let between = meanAlpha(Self.between)
        #expect(
            between.count > 100 && between.mean < 0.1,
            "seed \(seed): the wall and her hair behind his neck at \(between.mean)")
        #expect(him.count > 100 && him.mean > 0.97, "\(scenario.id): his face at \(him.mean)")
    }

    /// A YouTube thumbnail's framing of obama-2 (the split layout: eyes at 0.72 across and 0.40
    /// down, 0.135 of the height apart), from the photo and its mirror image. His near shoulder
    /// (the photo's left edge in sight) had been cut off in a straight line down from his collar
    /// (mean opacity 0.11: the head crop doubts a dark suit beside the dark suit of the man behind,
    /// `SubjectMatte.bodyFromWhole`), and the woman beside his ear was kept at 0.47, a blurred ghost
    /// of her face (only the crop believes in her there, `SubjectMatte.besideHead`).
    @Test(arguments: [false, true])
    func inAThumbnailHisShoulderStaysAndSheGoes(mirrored: Bool) throws {
        let name = "obama-2.jpg"
        var bytes = try FacePhotos.bytes(name)
        if mirrored { bytes = try EditableImage(try EditableImage(bytes: bytes).rgb().mirrored()).jpeg() }
        let reference = try MattingQualityTests.reference(of: bytes, name: name)
        var style = MattingQualityTests.style(yaw: reference.pose.yaw)
        (style.eyeX, style.eyeY, style.eyeDistance) = (0.72, 0.40, 0.135)
        let photo = try EditableImage(bytes: bytes)
        let (source, framing, subject) = try DesignPerson.framed(
            photo: photo, reference: reference, photoScale: 1, style: style, width: 1280, height: 720)
        let matte = try SubjectMatte(subject: subject, framing: framing)
        let factor = Double(source.width) / Double(photo.width)
        func meanAlpha(_ box: Box) -> (mean: Double, count: Int) {
            Self.meanAlpha(
                box, of: matte, framing: framing, photoWidth: photo.width, factor: factor, mirrored: mirrored,
                width: 1280, height: 720)
        }
        // His right shoulder left of the collar, in obama-2's own pixels, drawn by eye.
        let shoulder = meanAlpha((left: 150, top: 660, right: 220, bottom: 700))
        #expect(shoulder.count > 100 && shoulder.mean > 0.9, "his shoulder at \(shoulder)")
        let her = meanAlpha(Self.hers)
        #expect(her.count > 100 && her.mean < 0.05, "she is kept at \(her)")
        let between = meanAlpha(Self.between)
        #expect(between.count > 100 && between.mean < 0.1, "the wall and her hair behind his neck at \(between)")
        let him = meanAlpha(Self.his)
        #expect(him.count > 100 && him.mean > 0.97, "his face at \(him)")
    }

    /// What "beside the head, the lower answer" takes from people with nobody behind them: in the
    /// casual portrait's framing (a three-quarter view goes to one side, the back of the head
    /// reaching farther) and the headshot's, the pixels above where the rule ends (the shoulders'
    /// top) the crop was fairly sure of (over 0.5) that reconciling lowers by more than 0.1, as a
    /// share of all such pixels.
    @Test(arguments: [
        "obama-1.jpg", "obama-3.jpg", "biden-1.jpg", "biden-2.jpg", "kit-harington-1.jpg", "kit-harington-2.jpg",
        "rose-leslie-1.jpg", "rose-leslie-2.jpg", "alex-lacamoire-1.jpg", "alex-lacamoire-2.png",
        "lin-manuel-miranda-1.png",
    ])
    func reconcilingKeepsTheSubjectsOwnHair(name: String) throws {
        let bytes = try FacePhotos.bytes(name)
        let segmenter = try PersonSegmenter.shared()
        for scenario in [PortraitScenario.all[0], PortraitScenario.all[1]] {
            let scene = try FramedScene(bytes: bytes, name: name, scenario: scenario, seed: 3)
            let (framing, width, height) = (scene.framing, scene.width, scene.height)
            guard let (crop, square) = SubjectMatte.headCrop(framing: framing) else { continue }
            let photo = try scene.subject.rgb()
            let whole = try SubjectMatte.segmented(photo, (0, 0, width, height), within: nil, by: segmenter)
            let head = try SubjectMatte.segmented(photo, crop, within: square, by: segmenter)
                .placed(onCanvasWidth: width, height: height, x: crop.x, y: crop.y, red: 0, green: 0, blue: 0)
            let blended = try head.blended(
                over: whole, mask: SubjectMatte.cropWeight(crop, width: width, height: height))
            let before = try blended.greyBytes()
            let after = try SubjectMatte.reconciled(blended, whole: whole, framing: framing).greyBytes()
            let shoulders = min(height, Int(framing.eyeMid.y + SubjectMatte.besideHead.below * framing.unit))
            var (sure, lowered) = (0, 0)
            for i in 0..<(shoulders * width) where before[i] > 128 {
                sure += 1
                if Int(before[i]) - Int(after[i]) > 25 { lowered += 1 }
            }
            let share = Double(lowered) / Double(max(1, sure))
            #expect(share < 0.01, "\(name), \(scenario.id): \(lowered) of \(sure) lowered")
        }
    }
}
