import Faces
import TestSupport
import Testing

@testable import PersonaKit

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FaceDetectionTests {
    static let singlePersonPhotos = [
        "obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "biden-1.jpg", "biden-2.jpg", "kit-harington-1.jpg",
        "kit-harington-2.jpg", "rose-leslie-1.jpg", "rose-leslie-2.jpg", "alex-lacamoire-1.jpg",
        "alex-lacamoire-2.png", "lin-manuel-miranda-1.png",
    ]

    @Test func findsExactlyOneFaceInEachSinglePersonPhoto() {
        for analysis in TestPhotos.analyze(Self.singlePersonPhotos) {
            #expect(analysis.ok, "\(analysis.file): \(String(describing: analysis.error))")
            #expect(analysis.faceCount == 1, "\(analysis.file) has \(analysis.faceCount) faces")
            #expect(!analysis.has(.noFace) && !analysis.has(.multipleFaces), "\(analysis.file)")
            #expect(analysis.landmarks?.points.count == 5)
        }
    }

    @Test func findsTwoFacesInTwoPeople() {
        let analysis = TestPhotos.analyze("two-people.jpg")
        #expect(analysis.faceCount == 2)
        #expect(analysis.has(.multipleFaces))
        #expect(!analysis.isUsable)
    }

    @Test func samePersonPairsFallUnderTheBarAndDifferentPeopleOver() throws {
        let names = [
            "obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "biden-1.jpg", "biden-2.jpg",
            "kit-harington-1.jpg", "kit-harington-2.jpg", "rose-leslie-1.jpg", "rose-leslie-2.jpg",
        ]
        let analyses = TestPhotos.analyze(names)
        let person = { (name: String) in name.split(separator: "-").dropLast().joined(separator: "-") }
        var checked = 0
        for i in names.indices {
            for j in names.indices where j > i {
                let d = try #require(analyses[i].embedding).distance(to: try #require(analyses[j].embedding))
                if person(names[i]) == person(names[j]) {
                    #expect(d < FaceEmbedding.samePersonThreshold, "\(names[i]) vs \(names[j]): \(d)")
                } else {
                    #expect(d > FaceEmbedding.samePersonThreshold, "\(names[i]) vs \(names[j]): \(d)")
                }
                checked += 1
            }
        }
        #expect(checked == 36)
    }

    @Test func headPoseTellsATurnedHeadFromAFrontalOne() throws {
        let frontal = try #require(TestPhotos.analyze("obama-1.jpg").pose)
        let turned = try #require(TestPhotos.analyze("obama-2.jpg").pose)
        #expect(abs(frontal.yaw) < 8 && abs(frontal.roll) < 5)
        #expect(abs(turned.yaw) > 10)
    }

    @Test func faceCutOffByTheFrameIsFlagged() {
        for analysis in TestPhotos.analyze(["obama-partial-1.jpg", "obama-partial-2.jpg"]) {
            #expect(analysis.has(.faceCutOff), "\(analysis.file)")
        }
        #expect(!TestPhotos.analyze("obama-1.jpg").has(.faceCutOff))
    }
}
