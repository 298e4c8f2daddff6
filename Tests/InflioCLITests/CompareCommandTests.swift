import Foundation
import TestSupport
import Testing

extension CLITests {
    // Skipped only when ../shared/testdata/faces is absent on this machine.
    @Suite("inflio compare", .enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    struct CompareTests {
        /// The dlib same-person bar the command reports.
        static let threshold = 0.6

        func verdict(_ a: String, _ b: String) throws -> Keyed<CompareVerdict> {
            let result = try CLI.run(["compare", FacePhotos.path(a), FacePhotos.path(b), "--json"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let verdict = try result.decode(Keyed<CompareVerdict>.self)
            #expect(verdict.keys == ["distance", "samePerson", "threshold"])
            #expect(verdict.threshold == Self.threshold)
            return verdict
        }

        @Test func samePerson() throws {
            let verdict = try verdict("obama-1.jpg", "obama-2.jpg")
            #expect(verdict.samePerson == true)
            let distance = verdict.distance
            #expect(distance > 0 && distance < Self.threshold, "distance \(distance)")
        }

        @Test func differentPeople() throws {
            let verdict = try verdict("obama-1.jpg", "biden-1.jpg")
            #expect(verdict.samePerson == false)
            let distance = verdict.distance
            #expect(distance > Self.threshold, "distance \(distance)")
        }

        @Test func humanVerdict() throws {
            let result = try CLI.run(["compare", FacePhotos.path("obama-1.jpg"), FacePhotos.path("biden-1.jpg")])
            #expect(result.status == 0)
            #expect(result.stdout.contains("different people"), "stdout: \(result.stdout)")
        }

        @Test func unreadablePhotoFailsWithItsCode() throws {
            let folder = try TemporaryDirectory()
            let fake = try folder.write("fake.jpg", Array("hello, not a photo\n".utf8))
            let result = try CLI.run(["compare", FacePhotos.path("obama-1.jpg"), fake, "--json"])
            #expect(result.status == 1)
            let object = try result.decode(ComparedPair.self)
            #expect(object.distance.isNull)
            #expect(object.error?.code == "unsupported_format")
        }

        @Test func pairsFile() throws {
            let folder = try TemporaryDirectory()
            // A real, decodable picture with no face in it.
            let blank = try folder.write("blank.png", FlatPNG.make(width: 320, height: 240, grey: 140))
            let csv = """
                a,b
                obama-1.jpg,obama-3.jpg
                obama-1.jpg,kit-harington-1.jpg
                obama-1.jpg,\(blank)

                """
            let pairs = try folder.write("pairs.csv", Array(csv.utf8))
            let result = try CLI.run(["compare", "--pairs", pairs, "--root", FacePhotos.directory, "--json"])
            #expect(result.status == 0, "stderr: \(result.stderr)")

            let rows = try result.decode([ComparedPair].self)
            try #require(rows.count == 3, "expected 3 results (the header row skipped), got \(rows.count)")
            #expect(rows.map(\.a) == ["obama-1.jpg", "obama-1.jpg", "obama-1.jpg"])
            #expect(rows.map(\.b) == ["obama-3.jpg", "kit-harington-1.jpg", blank])

            #expect(rows[0].samePerson.value == true)
            #expect(rows[0].distance.value.map { $0 < Self.threshold } == true, "\(rows[0])")
            #expect(rows[0].error == nil)

            #expect(rows[1].samePerson.value == false)
            #expect(rows[1].distance.value.map { $0 > Self.threshold } == true, "\(rows[1])")
            #expect(rows[1].error == nil)

            let noFace = rows[2]
            #expect(noFace.distance.isNull)
            #expect(noFace.samePerson.isNull)
            let error = try #require(noFace.error, "no error object: \(noFace)")
            #expect(error.code == "no_face")
            #expect(error.message.isEmpty == false)
        }

        @Test func pairsAndTwoPhotosAreExclusive() throws {
            let result = try CLI.run([
                "compare", "--pairs", "x.csv", FacePhotos.path("obama-1.jpg"), FacePhotos.path("obama-2.jpg"),
            ])
            #expect(result.status != 0)
            #expect(result.stderr.contains("not both"), "stderr: \(result.stderr)")
        }
    }
}
