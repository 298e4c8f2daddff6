import Faces
import Testing

@testable import PersonaKit

/// "Another photo" among all the persona's references: never the photo the portrait shows now,
/// and not one another portrait shows while any other is left.
struct AnotherPhotoReferencesTests {
    /// A reference 60 px between the eyes at y 200, in a photo `photoHeight` tall: 1250 shows the
    /// shoulders, 300 ends at the chin. `along` moves the face to the right.
    func reference(
        _ name: String, yaw: Double = 0, photoHeight: Int = 1250, mirror: Bool = false, along: Double = 0
    ) -> ReferencePhoto {
        ReferencePhoto(
            location: name, face: FaceBox(left: 270 + along, top: 150, right: 390 + along, bottom: 300),
            landmarks: FaceLandmarks(
                points: [
                    Point(x: 295, y: 200), Point(x: 305, y: 200), Point(x: 355, y: 200), Point(x: 365, y: 200),
                    Point(x: 330, y: 250),
                ].map { Point(x: $0.x + along, y: $0.y) }),
            pose: HeadPose(yaw: yaw, pitch: 0, roll: 0), photoWidth: 1000, photoHeight: photoHeight,
            isMirrorImage: mirror)
    }

    /// `photo` mirrored, as the analysis flags the later of a pair.
    func flippedCopy(_ photo: ReferencePhoto, _ name: String) -> ReferencePhoto {
        let face = photo.face
        return ReferencePhoto(
            location: name,
            face: FaceBox(left: 1000 - face.right, top: face.top, right: 1000 - face.left, bottom: face.bottom),
            landmarks: FaceLandmarks(points: photo.landmarks.points.map { Point(x: 1000 - $0.x, y: $0.y) }),
            pose: photo.pose, photoWidth: 1000, photoHeight: photo.photoHeight ?? 1250,
            isMirrorImage: true)
    }

    let casual = PortraitScenario.all[1]
    let closeUp = PortraitScenario.all[3]

    func locations(_ references: [ReferencePhoto]?) -> [String]? { references?.map(\.location) }

    @Test func leavesOutThePhotoShownAndThoseOtherPortraitsShow() {
        let pool = ["cast", "a", "b", "c", "d", "e"].map { reference($0) }
        let chosen = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["a"], inUse: ["b", "c", "d"])
        #expect(locations(chosen) == ["cast", "e"])
    }

    /// Photos a portrait still being made may show are passed over while any other is left, even
    /// one another portrait shows: two "another photo" asked at once should part, and a pending
    /// photo repeats another portrait as surely (the one whose photo the person just changed).
    @Test func avoidsThePhotosAPortraitBeingMadeMayShow() {
        let pool = ["cast", "a", "b", "c", "d", "e"].map { reference($0) }
        let chosen = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["a"], inUse: ["b"], pending: ["c", "d"])
        #expect(locations(chosen) == ["cast", "e"])
        let noneFree = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["a"], inUse: ["b", "e"], pending: ["c", "d"])
        #expect(locations(noneFree) == ["cast", "b", "e"])
        let onlyPending = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["a", "b", "e"], inUse: [], pending: ["c", "d"])
        #expect(locations(onlyPending) == ["cast", "c", "d"])
    }

    /// The photo shown, flipped, is the same shot to the person: a tester asking for another
    /// casual portrait got obama-3 back mirrored while the other photos were in use. It is taken
    /// only when every other photo is pending (or there is none), and the mirror image of a
    /// photo another portrait shows counts as that photo.
    @Test func thePhotoShownMirroredComesAfterAnyPhotoNotPending() {
        let shown = reference("shown")
        let flipped = flippedCopy(shown, "flipped")
        #expect(shown.mirrors(flipped) && flipped.mirrors(shown))
        #expect(!shown.mirrors(reference("other", mirror: true)), "landmarks that do not flip onto each other")
        let pool = [reference("cast"), shown, flipped, reference("used", along: 100)]
        let inUse = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["shown"], inUse: ["used"])
        #expect(locations(inUse) == ["cast", "used"])
        let pendingOnly = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["shown"], inUse: [], pending: ["used"])
        #expect(locations(pendingOnly) == ["cast", "flipped"])
        let alone = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: [pool[0], shown, flipped], leaving: ["shown"], inUse: [])
        #expect(locations(alone) == ["cast", "flipped"])
        // Another portrait shows "used"; its mirror image is that portrait's shot too, and a
        // fresh photo beats it.
        let usedFlipped = flippedCopy(pool[3], "used-flipped")
        let withFresh = pool + [usedFlipped, reference("fresh")]
        let fresh = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: withFresh, leaving: ["shown"], inUse: ["used"])
        #expect(locations(fresh) == ["cast", "fresh"])
    }

    /// A photo flagged a mirror image of some other photo is taken for this one flipped only when
    /// its eyes and nose land within 1 % of the width of this one's flipped, in a photo of the
    /// same shape.
    @Test func aMirrorPairIsTheSameShotFlipped() {
        let a = reference("a")
        let flippedA = flippedCopy(a, "a-flipped")
        #expect(a.mirrors(flippedA) && flippedA.mirrors(a))
        let unflagged = ReferencePhoto(
            location: "twin", face: flippedA.face, landmarks: flippedA.landmarks, pose: a.pose, photoWidth: 1000,
            photoHeight: 1250)
        #expect(!a.mirrors(unflagged), "no flag, no pair")
        let otherShape = ReferencePhoto(
            location: "wider", face: flippedA.face, landmarks: flippedA.landmarks, pose: a.pose, photoWidth: 1000,
            photoHeight: 1000, isMirrorImage: true)
        #expect(!a.mirrors(otherShape), "another photo's shape")
        let movedOver = ReferencePhoto(
            location: "moved", face: flippedA.face,
            landmarks: FaceLandmarks(points: flippedA.landmarks.points.map { Point(x: $0.x + 30, y: $0.y) }),
            pose: a.pose, photoWidth: 1000, photoHeight: 1250, isMirrorImage: true)
        #expect(!a.mirrors(movedOver), "a face 3 % of the width along: another shot")
    }

    /// Another headshot or close-up is not made of a mirror image while a photo not flagged so is
    /// left (the casting's rule: a tester's headshot from one had the flag pin on the wrong
    /// lapel); the casual portrait may take one, and a mirror image still beats a photo another
    /// portrait shows, as in the casting.
    @Test func aHeadshotOrCloseUpTakesAMirrorImageOnlyWhenNoOtherPhotoIsLeft() {
        let pool = [reference("cast"), reference("mirrored", mirror: true), reference("a")]
        for scenario in [PortraitScenario.all[0], closeUp] {
            let chosen = ScenarioReferences.anotherPhoto(
                for: scenario, cast: pool[0], pool: pool, leaving: ["cast"], inUse: [])
            #expect(locations(chosen) == ["cast", "a"], "\(scenario.id)")
            let onlyTheMirror = ScenarioReferences.anotherPhoto(
                for: scenario, cast: pool[0], pool: pool, leaving: ["cast"], inUse: ["a"])
            #expect(locations(onlyTheMirror) == ["cast", "mirrored"], "\(scenario.id)")
        }
        let casualChoice = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["cast"], inUse: [])
        #expect(casualChoice.map { Set($0.map(\.location)) } == ["cast", "mirrored", "a"])
    }

    @Test func takesAPhotoInUseOnlyWhenNoOtherIsLeft() {
        let pool = ["cast", "a", "b", "c"].map { reference($0) }
        let chosen = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["cast"], inUse: ["a", "b", "c"])
        #expect(locations(chosen) == ["cast", "a", "b", "c"])
    }

    /// Two references, the portrait showing the second (asked "another photo" once already):
    /// the shown one leads, so the renderer, which takes another than the first, goes back to
    /// the cast one. It used to get nothing and render the shown photo again.
    @Test func withTwoPhotosGoesBackToTheCastOne() {
        let pool = [reference("cast"), reference("other")]
        let back = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["other"], inUse: [])
        #expect(locations(back) == ["other", "cast"])
        // Showing the cast photo, the other one follows it as usual.
        let forth = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["cast"], inUse: [])
        #expect(locations(forth) == ["cast", "other"])
        // One photo: nothing else to offer.
        #expect(
            ScenarioReferences.anotherPhoto(
                for: casual, cast: pool[0], pool: [pool[0]], leaving: ["cast"], inUse: []) == nil)
    }

    /// A photo with far less detail than the portrait shows is passed over while another has it,
    /// as the renderer would pass it over and fall back on the cast photo.
    @Test func prefersAPhotoWithTheDetailToLead() {
        let small = ReferencePhoto(
            location: "small", face: FaceBox(left: 100, top: 80, right: 130, bottom: 120),
            landmarks: FaceLandmarks(points: [
                Point(x: 108, y: 95), Point(x: 110, y: 95), Point(x: 120, y: 95), Point(x: 122, y: 95),
                Point(x: 115, y: 105),
            ]),
            pose: HeadPose(yaw: 0, pitch: 0, roll: 0), photoWidth: 400, photoHeight: 500)
        let pool = [reference("cast"), small, reference("used")]
        let chosen = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["cast"], inUse: ["used"])
        #expect(locations(chosen) == ["cast", "used"])
    }

    @Test func aWiderPortraitPrefersAPhotoInUseWithShouldersToAFreeFaceOnlyOne() {
        let pool = [reference("cast"), reference("face-only", photoHeight: 300), reference("headshot's")]
        let wide = ScenarioReferences.anotherPhoto(
            for: casual, cast: pool[0], pool: pool, leaving: ["cast"], inUse: ["headshot's"])
        #expect(locations(wide) == ["cast", "headshot's"])
        // The close-up frames the face alone: there the free face-only photo is the one.
        let close = ScenarioReferences.anotherPhoto(
            for: closeUp, cast: pool[0], pool: pool, leaving: ["cast"], inUse: ["headshot's"])
        #expect(locations(close) == ["cast", "face-only"])
    }

    @Test func neverCarriesMoreThanFourReferences() {
        let pool = (0..<8).map { reference("r\($0)") }
        let chosen = ScenarioReferences.anotherPhoto(for: casual, cast: pool[0], pool: pool, leaving: [], inUse: [])
        #expect(chosen?.count == 4)
        #expect(chosen?.first?.location == "r0")
    }
}
