import Faces
import TestSupport
import Testing

@testable import PersonaKit

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct SetAnalysisTests {
    @Test func flagsTheOnePhotoOfSomeoneElse() {
        let set = SetAnalyzer.analyze(TestPhotos.analyze(["obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "biden-1.jpg"]))
        let flagged = set.photos.filter { $0.has(.differentPerson) }.map(\.file)
        #expect(flagged.count == 1)
        #expect(flagged.first?.hasSuffix("biden-1.jpg") == true)
        #expect(set.usableCount == 3)
    }

    @Test func flagsExactAndNearDuplicatesPointingAtWhatTheyRepeat() {
        let names = ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "obama-2-duplicate.jpg", "obama-1-1080p.jpg"]
        let set = SetAnalyzer.analyze(TestPhotos.analyze(names))
        let byName = Dictionary(uniqueKeysWithValues: zip(names, set.photos))
        #expect(byName["obama-2-duplicate.jpg"]!.has(.duplicate))
        #expect(byName["obama-2-duplicate.jpg"]!.duplicateOf?.hasSuffix("/obama-2.jpg") == true)
        #expect(byName["obama-1-1080p.jpg"]!.has(.duplicate), "letterboxed, re-encoded copy")
        #expect(byName["obama-1-1080p.jpg"]!.duplicateOf?.hasSuffix("/obama-1.jpg") == true)
        for original in ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"] {
            #expect(!byName[original]!.has(.duplicate), "\(original)")
        }
        #expect(set.usableCount == 3)
        #expect(!set.photos.contains { $0.has(.differentPerson) })
    }

    @Test func fewerThanFiveUsablePhotosIsReported() {
        let set = SetAnalyzer.analyze(TestPhotos.analyze(["obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "biden-1.jpg"]))
        #expect(!set.hasEnoughPhotos)
        #expect(set.analysisQuality == .needsImprovement)
        #expect(set.referenceIndices.count == 3, "every usable photo is still offered as a reference")
    }

    @Test func consistencyComesFromMeasuredDistances() throws {
        let set = SetAnalyzer.analyze(TestPhotos.analyze(["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"]))
        let centroid = try #require(set.identityCentroid)
        let usable = set.photos.compactMap(\.embedding)
        let expected = usable.map { max(0, 1 - $0.distance(to: centroid) / 0.55) }.reduce(0, +) / Double(usable.count)
        #expect(abs(set.consistencyScore - expected) < 1e-9)
        #expect(set.consistencyScore > 0.3 && set.consistencyScore < 1)
        // Adding a different person's photo as if it were usable lowers the score.
        let biden = try #require(TestPhotos.analyze("biden-1.jpg").embedding)
        #expect(SetAnalyzer.consistencyScore(usable + [biden], centroid: centroid) < set.consistencyScore)
    }
}

struct ConsistencyFormulaTests {
    @Test func isOneOnTheCentroidAndZeroAtTheBar() {
        let centre = FaceEmbedding(values: [Float](repeating: 0, count: 128))
        var atBar = [Float](repeating: 0, count: 128)
        atBar[0] = 0.6
        #expect(SetAnalyzer.consistencyScore([centre, centre], centroid: centre) == 1)
        #expect(abs(SetAnalyzer.consistencyScore([FaceEmbedding(values: atBar)], centroid: centre)) < 1e-6)
        #expect(SetAnalyzer.consistencyScore([], centroid: centre) == 0)
    }
}
