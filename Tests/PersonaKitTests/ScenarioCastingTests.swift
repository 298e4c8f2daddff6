import Faces
import Foundation
import Testing

@testable import PersonaKit

/// Which reference leads each scenario: the traits each scenario asks for, five different photos
/// when there are five usable ones, and never a face too small to frame.
struct ScenarioCastingTests {
    /// A reference with the traits the casting weighs: head turn, how animated the mouth is, how
    /// much of the photo's width the face spans, and the pixels between the eyes.
    func reference(
        _ name: String, yaw: Double = 0, animation: Double = 0, faceShare: Double = 0.2, eyes: Double = 60,
        photoHeight: Int = 1250, mirror: Bool = false, backlight: FaceBacklight? = nil
    ) -> ReferencePhoto {
        let eye = { (x: Double) in [Point(x: x - 5, y: 200), Point(x: x + 5, y: 200)] }
        return ReferencePhoto(
            location: name, face: FaceBox(left: 0, top: 0, right: 200 * faceShare / 0.2, bottom: 200),
            landmarks: FaceLandmarks(points: eye(300) + eye(300 + eyes) + [Point(x: 300 + eyes / 2, y: 250)]),
            pose: HeadPose(yaw: yaw, pitch: 0, roll: 0), expression: FaceExpression(teeth: animation, cavity: 0),
            backlight: backlight, photoWidth: 1000, photoHeight: photoHeight, isMirrorImage: mirror)
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

    /// A face photographed closer than any portrait frames it (or enlarged: a tester's 2× crop
    /// of rose-leslie-2 had 242 px between the eyes against the others' 117-121) once shut every
    /// other photo out, all five portraits made of it. Detail past what a portrait shows counts
    /// for nothing, so the others lead what they have the detail for; the close-up, which shows
    /// the most (0.205 of 1024 px, about 210 between the eyes), still wants the sharpest.
    @Test func aFaceShotCloserThanThePortraitsDoesNotShutTheOthersOut() {
        let references = [
            reference("calm", yaw: 3, eyes: 120), reference("turned", yaw: 20, eyes: 118),
            reference("grin", yaw: 6, animation: 0.4, eyes: 121), reference("wide", faceShare: 0.06, eyes: 117),
            reference("enlarged-close", yaw: 10, faceShare: 0.5, eyes: 242),
        ]
        let leads = ScenarioCasting.leads(for: references).map { references[$0].location }
        #expect(leads == ["calm", "turned", "grin", "enlarged-close", "wide"])
        #expect(ScenarioCasting.minimumResolutionShare * PortraitScenario.all[3].detailShown > 121)
        // Against what each portrait shows, the rule stands: 40 px between the eyes is enough only
        // for the environmental portrait's small face (65 px, enlarged 1.6 times), however
        // animated, and 30 px for none.
        for (eyes, allowed) in [(40.0, [4]), (30, [])] {
            let small = reference("small", animation: 0.9, faceShare: 0.05, eyes: eyes)
            let leads = ScenarioCasting.leads(for: Array(references.prefix(4)) + [small])
            #expect(leads.enumerated().filter { $0.element == 4 }.map(\.offset) == allowed, "\(eyes): \(leads)")
        }
    }

    /// A photo that ends at the chin (the eyes 2 eye distances above its bottom edge) framed as a
    /// headshot or anything wider left the whole photo floating as a rectangle on the backdrop:
    /// it leads the close-up only, even as the calmest, most frontal face, while others can lead
    /// the rest; with no other photo it still leads everything.
    @Test func aPhotoEndingAtTheChinLeadsOnlyTheCloseUp() {
        let faceOnly = reference("face-only", yaw: 0, animation: 0, faceShare: 0.5, eyes: 100, photoHeight: 400)
        #expect(faceOnly.roomBelowEyes == 2 && !faceOnly.showsShoulders)
        #expect(reference("shoulders").showsShoulders)
        let references = [
            faceOnly, reference("a", yaw: 8, animation: 0.1, eyes: 100), reference("b", yaw: 20, eyes: 100),
            reference("c", animation: 0.5, eyes: 100), reference("d", faceShare: 0.1, eyes: 100),
        ]
        let leads = ScenarioCasting.leads(for: references)
        #expect(leads.enumerated().filter { $0.element == 0 }.map(\.offset) == [3], "\(leads)")
        #expect(ScenarioCasting.leads(for: [faceOnly]) == [0, 0, 0, 0, 0])
    }

    /// Two calm, frontal faces, one with half the detail the headshot shows (69 of its 138 px
    /// between the eyes): the sharper leads it, though the softer comes first and would win a tie.
    @Test func theSharperOfTwoEquallyFittingPhotosLeads() {
        let soft = reference("soft", yaw: 2, eyes: 69)
        let sharp = reference("sharp", yaw: 2, eyes: 140)
        let headshot = PortraitScenario.all[0]
        #expect(
            ScenarioCasting.fit(headshot, 0, [soft, sharp]) < ScenarioCasting.fit(headshot, 1, [soft, sharp]) - 0.9)
        #expect(ScenarioCasting.leads(for: [soft, sharp], scenarios: [headshot]) == [1])
        // Detail beyond what the portrait shows earns nothing more.
        let sharper = reference("sharper", yaw: 2, eyes: 300)
        #expect(
            ScenarioCasting.fit(headshot, 0, [sharp, sharper]) == ScenarioCasting.fit(headshot, 1, [sharp, sharper]))
    }

    /// alex-lacamoire-2: a small, soft three-quarter photo (65 px between the eyes) ending just
    /// below the shoulders (3.05 eye distances under the eyes). Cast for the casual portrait, the
    /// framing had to tighten it 1.85-1.9 times (estimated 1.75) to hide its bottom edge, enlarging the face about
    /// three times into a blur, while his sharp frontal photo (130 px, the whole upper body)
    /// was free. Counting the tightening, the frontal one leads the casual portrait and the
    /// grinning one still leads dynamic action.
    @Test func theTighteningAPhotoNeedsCountsInItsEnlargement() {
        let sharp = reference("sharp-frontal", yaw: 0, animation: 0.1, eyes: 130, photoHeight: 1100)
        let softEyes = 65 * cos(18 * Double.pi / 180)
        let soft = reference(
            "soft-turned-grin", yaw: 18, animation: 0.2, eyes: softEyes, photoHeight: 200 + Int(3.05 * 65))
        let casual = PortraitScenario.all[1]
        #expect(soft.roomBelowEyes.map { abs($0 - 3.05) < 0.02 } == true && soft.showsShoulders)
        #expect(casual.tightening(for: soft) > 1.7 && casual.tightening(for: sharp) == 1)
        #expect(casual.enlargement(of: soft) > 2.8)
        #expect(ScenarioCasting.leads(for: [sharp, soft]) == [0, 0, 1, 0, 0])
        // Without the tightening (a photo reaching far below the eyes) the soft one would lead it.
        let tall = reference("soft-turned-grin", yaw: 18, animation: 0.2, eyes: softEyes, photoHeight: 1100)
        #expect(ScenarioCasting.leads(for: [sharp, tall])[1] == 1)
        // Enlarging costs as before up to twice the size, then a full step for each time more.
        #expect(ScenarioCasting.enlargementCost(0.8) == 0 && ScenarioCasting.enlargementCost(2) == 1)
        #expect(abs(ScenarioCasting.enlargementCost(1.5) - 2.0 / 3) < 1e-12)
        #expect(ScenarioCasting.enlargementCost(3) == 2 && ScenarioCasting.enlargementCost(9) == 3)
    }

    /// Three shots and their mirror images (a front camera saves selfies both ways; the Swift and
    /// browser tests' sets are made so), the mirror images first, so equal fits alone would
    /// cast them: a tester's headshot came from one, the flag pin on the wrong lapel. The
    /// mirror images still lead two portraits, so the five come from five photos, but neither
    /// the headshot nor the close-up.
    @Test func mirrorImagesLeadOnlyWhereTheFlipShowsLeast() {
        let shots = [("calm", 2.0, 0.01), ("speaking", -8, 0.4), ("turned", 18, 0.05)]
        // A mirror image measures a little differently from its original (here a touch more animated).
        let mirrors = shots.map { reference("mirrored-\($0.0)", yaw: -$0.1, animation: $0.2 + 0.01, mirror: true) }
        let references = mirrors + shots.map { reference($0.0, yaw: $0.1, animation: $0.2) }
        let leads = ScenarioCasting.leads(for: references).map { references[$0].location }
        #expect(Set(leads).count == 5, "\(leads)")
        #expect(!leads[0].hasPrefix("mirrored-") && !leads[3].hasPrefix("mirrored-"), "\(leads)")
        #expect(
            ["speaking", "mirrored-speaking"].contains(leads[2]), "either copy of the most animated face: \(leads)")
        // Two photos and a mirror image: the two not flagged lead the headshot and the close-up.
        let two = [mirrors[0], reference("speaking", yaw: -8, animation: 0.4), reference("turned", yaw: 18)]
        let twoLeads = ScenarioCasting.leads(for: two)
        #expect(twoLeads[0] != 0 && twoLeads[3] != 0 && Set(twoLeads).count == 3, "\(twoLeads)")
        #expect(PortraitScenario.all.allSatisfy { ScenarioCasting.mirrorCost($0) < ScenarioCasting.repeatCost })
    }

    /// A tester's headshot of obama-3 had a pale band along the jaw: the chandelier behind him. Lit
    /// from behind (a bright room, a face darker than in the person's other photos), the calmest
    /// frontal photo leaves the headshot and the close-up to front-lit ones, and leads dynamic
    /// action or the environmental portrait, where the rim shows least.
    @Test func aPhotoLitFromBehindLeadsWhereItsRimShowsLeast() {
        let front = FaceBacklight(face: 150, surround: 90)
        let behind = FaceBacklight(face: 100, surround: 160)
        let references = [
            reference("calm-backlit", yaw: 1, animation: 0.01, backlight: behind),
            reference("smiling", yaw: 8, animation: 0.2, backlight: front),
            reference("speaking", yaw: -6, animation: 0.45, backlight: front),
            reference("turned", yaw: 20, animation: 0.05, backlight: front),
            reference("close", yaw: 4, animation: 0.03, faceShare: 0.4, backlight: front),
        ]
        let leads = ScenarioCasting.leads(for: references).map { references[$0].location }
        #expect(Set(leads).count == 5, "\(leads)")
        #expect(leads[0] != "calm-backlit" && leads[3] != "calm-backlit" && leads[1] != "calm-backlit", "\(leads)")
        #expect(leads[2] == "speaking", "\(leads)")
        // Without the measure it is the headshot: the frontal, calm face.
        let unmeasured = references.map {
            reference($0.location, yaw: $0.pose.yaw, animation: $0.expression!.teeth, faceShare: $0.faceShare!)
        }
        #expect(references[ScenarioCasting.leads(for: unmeasured)[0]].location == "calm-backlit")
        // A white backdrop behind a face as bright as in the others' is not light from behind.
        let studio = FaceBacklight(face: 150, surround: 230)
        #expect(!studio.isBacklit(among: [studio, front]) && behind.isBacklit(among: [behind, front]))
        // Every photo lit from behind: none is darker than the others, so none is counted.
        #expect(!behind.isBacklit(among: [behind, behind]))
        #expect(PortraitScenario.all.allSatisfy { ScenarioCasting.backlightCost($0) < ScenarioCasting.repeatCost })
    }

    /// The references the service stored for the Obama set (obama-1, -2 and -3 and a mirror image
    /// of each, as uploaded through the API), as measured: obama-3, lit from behind and the calmest
    /// frontal face, had still led the headshot, its pale rim along the jaw in the picture a person
    /// uses as themselves (`backlightCost`). It now leads the environmental portrait.
    @Test func theServicesObamaSetKeepsTheBacklitShotOffTheHeadshot() {
        func measured(
            _ name: String, face: (Double, Double, Double, Double), eyesAndNose: [(Double, Double)],
            pose: (Double, Double, Double), teeth: Double, cavity: Double, light: (Double, Double), size: (Int, Int),
            mirror: Bool
        ) -> ReferencePhoto {
            ReferencePhoto(
                location: name, face: FaceBox(left: face.0, top: face.1, right: face.2, bottom: face.3),
                landmarks: FaceLandmarks(points: eyesAndNose.map { Point(x: $0.0, y: $0.1) }),
                pose: HeadPose(yaw: pose.0, pitch: pose.1, roll: pose.2),
                expression: FaceExpression(teeth: teeth, cavity: cavity),
                backlight: FaceBacklight(face: light.0, surround: light.1), photoWidth: size.0, photoHeight: size.1,
                isMirrorImage: mirror)
        }
        let references = [
            measured(
                "obama-3", face: (545.4, 217.4, 844.8, 516.7),
                eyesAndNose: [(774.6, 358.0), (732.5, 348.7), (622.5, 341.7), (666.9, 341.7), (704.4, 409.5)],
                pose: (13.5, 15.5, 6.1), teeth: 0.001, cavity: 0, light: (100.3, 158.8), size: (1259, 2048),
                mirror: false),
            measured(
                "obama-1", face: (384.5, 147.9, 623.4, 386.8),
                eyesAndNose: [(570.6, 216.3), (527.7, 214.4), (423.3, 216.3), (462.5, 216.3), (492.3, 294.6)],
                pose: (-5.3, 0.2, -0.5), teeth: 0.290, cavity: 0, light: (157.3, 96.2), size: (910, 1137),
                mirror: false),
            measured(
                "obama-1 mirrored", face: (273.0, 147.9, 559.6, 432.2),
                eyesAndNose: [(486.8, 216.1), (445.9, 216.1), (341.2, 213.8), (382.2, 213.8), (414.1, 293.5)],
                pose: (2.1, -0.7, 1.2), teeth: 0.276, cavity: 0, light: (157.8, 103.9), size: (910, 1137),
                mirror: true),
            measured(
                "obama-2", face: (155.9, 287.8, 455.7, 590.0),
                eyesAndNose: [(398.1, 386.2), (345.4, 381.4), (232.7, 371.8), (275.8, 376.6), (287.8, 470.1)],
                pose: (-18.4, -0.6, 4.7), teeth: 0.037, cavity: 0.264, light: (145.8, 62.0), size: (626, 1200),
                mirror: false),
            measured(
                "obama-2 mirrored", face: (155.9, 287.8, 455.7, 590.0),
                eyesAndNose: [(393.3, 371.8), (350.2, 374.2), (225.5, 386.2), (278.2, 381.4), (338.2, 470.1)],
                pose: (18.4, 0.1, -5.1), teeth: 0.053, cavity: 0.266, light: (143.7, 60.9), size: (626, 1200),
                mirror: true),
            measured(
                "obama-3 mirrored", face: (414.2, 217.4, 713.6, 516.7),
                eyesAndNose: [(634.2, 341.7), (589.7, 341.7), (484.4, 358.0), (526.5, 348.7), (552.3, 409.5)],
                pose: (-15.3, 15.0, -6.3), teeth: 0.001, cavity: 0, light: (100.0, 157.0), size: (1259, 2048),
                mirror: true),
        ]
        #expect(ScenarioCasting.isBacklit(0, references) && ScenarioCasting.isBacklit(5, references))
        let leads = ScenarioCasting.leads(for: references).map { references[$0].location }
        #expect(leads[0] == "obama-1", "\(leads)")
        #expect(leads[3] != "obama-3" && leads[3] != "obama-3 mirrored", "\(leads)")
        #expect(leads[4] == "obama-3", "\(leads)")
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
