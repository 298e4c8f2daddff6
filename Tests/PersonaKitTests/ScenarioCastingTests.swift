import Faces
import Testing

@testable import PersonaKit

/// Which reference leads each scenario: the traits each scenario asks for, five different photos
/// when there are five usable ones, and never a face too small to frame.
struct ScenarioCastingTests {
    /// A reference with the traits the casting weighs: head turn, how animated the mouth is, how
    /// much of the photo's width the face spans, and the pixels between the eyes.
    func reference(
        _ name: String, yaw: Double = 0, animation: Double = 0, faceShare: Double = 0.2, eyes: Double = 60
    ) -> ReferencePhoto {
        let eye = { (x: Double) in [Point(x: x - 5, y: 200), Point(x: x + 5, y: 200)] }
        return ReferencePhoto(
            location: name, face: FaceBox(left: 0, top: 0, right: 200 * faceShare / 0.2, bottom: 200),
            landmarks: FaceLandmarks(points: eye(300) + eye(300 + eyes) + [Point(x: 300 + eyes / 2, y: 250)]),
            pose: HeadPose(yaw: yaw, pitch: 0, roll: 0), expression: FaceExpression(teeth: animation, cavity: 0),
            photoWidth: 1000, photoHeight: 1250)
    }

    @Test func eachScenarioGetsThePhotoThatFitsIt() {
        let references = [
            reference("frontal-calm", yaw: 2, animation: 0.01, faceShare: 0.2),
            reference("three-quarter", yaw: 22, animation: 0.05, faceShare: 0.2),
            reference("grinning", yaw: 6, animation: 0.3, faceShare: 0.2),
            reference("close-crop", yaw: 10, animation: 0.02, faceShare: 0.45),
            reference("full-length", yaw: 4, animation: 0.03, faceShare: 0.06),
            reference("spare", yaw: 5, animation: 0.04, faceShare: 0.2),
        ]
        let leads = ScenarioCasting.leads(for: references).map { references[$0].location }
        #expect(leads == ["frontal-calm", "three-quarter", "grinning", "close-crop", "full-length"])
    }

    @Test func fiveUsablePhotosGiveFiveDifferentSourcesEvenWhenOneFitsEverything() {
        // One photo is the best fit for every scenario; it leads one of them only.
        let references =
            [reference("star", yaw: 15, animation: 0.4, faceShare: 0.3)]
            + (1...4).map { reference("other-\($0)", yaw: 50, faceShare: 0.3) }
        #expect(Set(ScenarioCasting.leads(for: references)).count == 5)
    }

    @Test func fewerPhotosAreAllUsedAndTheRestRepeat() {
        let references = [reference("a", yaw: 3), reference("b", yaw: 20), reference("c", animation: 0.3)]
        let leads = ScenarioCasting.leads(for: references)
        #expect(leads.count == 5)
        #expect(Set(leads) == [0, 1, 2])
        #expect(leads[2] == 2, "the grin leads dynamic action")
        #expect(ScenarioCasting.leads(for: []).isEmpty)
    }

    @Test func aFaceTooSmallToFrameLeadsNothingWhileAnotherCan() {
        // 30 px between the eyes against 100: enlarged three times, it would be a blur.
        let references = [
            reference("sharp-1", eyes: 100), reference("sharp-2", eyes: 100), reference("sharp-3", eyes: 100),
            reference("tiny-grin", animation: 0.5, faceShare: 0.05, eyes: 30),
        ]
        #expect(!ScenarioCasting.leads(for: references).contains(3))
    }

    @Test func unmeasuredTraitsCountAsAverage() {
        // Requests stored before the expression and photo size were recorded still cast.
        let bare = ReferencePhoto(
            location: "old", face: FaceBox(left: 0, top: 0, right: 100, bottom: 100),
            landmarks: FaceLandmarks(points: Array(repeating: Point(x: 50, y: 50), count: 5)),
            pose: HeadPose(yaw: 0, pitch: 0, roll: 0))
        #expect(ScenarioCasting.rank(0, of: [nil, 0.2]) == 0.5)
        let leads = ScenarioCasting.leads(for: [bare, bare])
        #expect(leads.count == 5 && Set(leads) == [0, 1], "both are used, each scenario cast")
    }

    @Test func theCastPhotoLeadsTheRequestsReferences() {
        let references = (0..<6).map { reference("r\($0)", yaw: Double($0) * 5) }
        let headshot = PortraitScenario.all[0]
        let chosen = ScenarioReferences.choose(for: headshot, from: references, lead: 4).map(\.location)
        #expect(chosen.count == 3 && chosen[0] == "r4" && Set(chosen).count == 3)
        #expect(!chosen.dropFirst().contains("r4"))
        #expect(
            ScenarioReferences.choose(for: headshot, from: references, lead: 9)
                == ScenarioReferences.choose(for: headshot, from: references), "an unknown lead is no lead")
    }
}
