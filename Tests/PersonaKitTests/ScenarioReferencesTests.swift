import Faces
import Testing

@testable import PersonaKit

struct ScenarioReferencesTests {
    /// A reference known only by its name and how far the head is turned.
    func reference(_ name: String, yaw: Double) -> ReferencePhoto {
        ReferencePhoto(
            location: name, face: FaceBox(left: 0, top: 0, right: 100, bottom: 100),
            landmarks: FaceLandmarks(points: Array(repeating: Point(x: 50, y: 50), count: 5)),
            pose: HeadPose(yaw: yaw, pitch: 0, roll: 0))
    }

    let headshot = PortraitScenario.all[0]  // prefers |yaw| 0–12
    let casual = PortraitScenario.all[1]  // prefers |yaw| 8–30

    @Test func putsReferencesInThePreferredYawFirstNearestTheMiddle() {
        let refs = [reference("a", yaw: 2), reference("b", yaw: -25), reference("c", yaw: 18), reference("d", yaw: 40)]
        // Casual: middle 19°; c (18) then b (|−25| = 25) are in range; a and d follow in order.
        #expect(ScenarioReferences.choose(for: casual, from: refs, count: 4).map(\.location) == ["c", "b", "a", "d"])
        // Headshot: only a (2°) is in range; then b, c in the given order.
        #expect(ScenarioReferences.choose(for: headshot, from: refs).map(\.location) == ["a", "b", "c"])
    }

    @Test func keepsTheGivenOrderOnTiesAndForTheRest() {
        let refs = [
            reference("a", yaw: 40), reference("b", yaw: 14), reference("c", yaw: -24), reference("d", yaw: 35),
        ]
        // b and c are both 5° from the middle (19°): b came first.
        #expect(ScenarioReferences.choose(for: casual, from: refs, count: 4).map(\.location) == ["b", "c", "a", "d"])
    }

    @Test func takesBetweenTwoAndFourAndNeverMoreThanThereAre() {
        let refs = (0..<6).map { reference("r\($0)", yaw: Double($0) * 3) }
        #expect(ScenarioReferences.choose(for: headshot, from: refs, count: 1).count == 2)
        #expect(ScenarioReferences.choose(for: headshot, from: refs).count == 3)
        #expect(ScenarioReferences.choose(for: headshot, from: refs, count: 9).count == 4)
        #expect(
            ScenarioReferences.choose(for: headshot, from: Array(refs.prefix(1)), count: 3).map(\.location) == ["r0"])
        #expect(ScenarioReferences.choose(for: headshot, from: [], count: 3).isEmpty)
    }

    @Test func keepsTheGivenOrderOnAThreeWayTie() {
        // a, b and c (|yaw| 10) are all 9° from casual's middle; d (3°) is out of its range.
        let refs = [reference("a", yaw: 10), reference("b", yaw: 10), reference("c", yaw: -10), reference("d", yaw: 3)]
        #expect(ScenarioReferences.choose(for: casual, from: refs, count: 4).map(\.location) == ["a", "b", "c", "d"])
        let reordered = [refs[2], refs[0], refs[3], refs[1]]
        #expect(
            ScenarioReferences.choose(for: casual, from: reordered, count: 4).map(\.location) == ["c", "a", "b", "d"])
    }
}
