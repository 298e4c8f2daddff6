import Faces
import Testing

@testable import PersonaKit

struct ReferenceSelectorTests {
    /// A descriptor `offset` away from the origin along axis `axis`.
    func look(_ offset: Float, axis: Int = 0) -> FaceEmbedding {
        var values = [Float](repeating: 0, count: 128)
        values[axis] = offset
        return FaceEmbedding(values: values)
    }

    func candidate(_ id: Int, overall: Double, yaw: Double, look: FaceEmbedding) -> ReferenceSelector.Candidate {
        .init(id: id, overall: overall, pose: HeadPose(yaw: yaw, pitch: 0, roll: 0), embedding: look)
    }

    @Test func prefersAThreeQuarterViewOverASecondNearIdenticalFrontalShot() {
        let candidates = [
            candidate(0, overall: 0.92, yaw: 0, look: look(0)),
            candidate(1, overall: 0.91, yaw: 1, look: look(0.03)),  // the same frontal shot, a second later
            candidate(2, overall: 0.80, yaw: 32, look: look(0.25, axis: 1)),
        ]
        // Ranking by score alone would have taken 0 and 1.
        #expect(ReferenceSelector.select(candidates, count: 2) == [0, 2])
    }

    @Test func picksSixFromManyAndStillOpensWithTheBest() {
        var candidates = (0..<6).map {
            candidate($0, overall: 0.95 - Double($0) * 0.01, yaw: 0, look: look(Float($0) * 0.01))
        }
        candidates.append(candidate(6, overall: 0.75, yaw: -30, look: look(0.2, axis: 2)))
        candidates.append(candidate(7, overall: 0.78, yaw: 30, look: look(0.2, axis: 3)))
        let picked = ReferenceSelector.select(candidates, count: 6)
        #expect(picked.count == 6)
        #expect(picked.first == 0)
        #expect(picked.contains(6) && picked.contains(7), "both three-quarter views beat more frontal copies")
    }

    @Test func returnsEveryCandidateWhenThereAreFewerThanAsked() {
        let candidates = [
            candidate(4, overall: 0.5, yaw: 0, look: look(0)), candidate(9, overall: 0.7, yaw: 0, look: look(0.1)),
        ]
        #expect(ReferenceSelector.select(candidates, count: 6) == [9, 4])
        #expect(ReferenceSelector.select([], count: 6).isEmpty)
    }
}
