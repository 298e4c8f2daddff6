import Foundation
import Testing

extension CLITests {
    // Skipped only when ../shared/testdata/faces is absent on this machine.
    @Suite("inflio compare", .enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    struct CompareTests {
        /// The dlib same-person bar the command reports.
        static let threshold = 0.6

        func verdict(_ a: String, _ b: String) throws -> [String: Any] {
            let result = try CLI.run(["compare", FacePhotos.path(a), FacePhotos.path(b), "--json"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let verdict = try #require(try result.json() as? [String: Any])
            #expect(Set(verdict.keys) == ["distance", "samePerson", "threshold"])
            #expect(verdict["threshold"] as? Double == Self.threshold)
            return verdict
        }

        @Test func samePerson() throws {
            let verdict = try verdict("obama-1.jpg", "obama-2.jpg")
            #expect(verdict["samePerson"] as? Bool == true)
            let distance = try #require(verdict["distance"] as? Double)
            #expect(distance > 0 && distance < Self.threshold, "distance \(distance)")
        }

        @Test func differentPeople() throws {
            let verdict = try verdict("obama-1.jpg", "biden-1.jpg")
            #expect(verdict["samePerson"] as? Bool == false)
            let distance = try #require(verdict["distance"] as? Double)
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
            let object = try #require(try result.json() as? [String: Any])
            #expect(object["distance"] is NSNull)
            #expect((object["error"] as? [String: Any])?["code"] as? String == "unsupported_format")
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

            let rows = try #require(try result.json() as? [[String: Any]])
            try #require(rows.count == 3, "expected 3 results (the header row skipped), got \(rows.count)")
            #expect(rows.map { $0["a"] as? String } == ["obama-1.jpg", "obama-1.jpg", "obama-1.jpg"])
            #expect(rows.map { $0["b"] as? String } == ["obama-3.jpg", "kit-harington-1.jpg", blank])

            #expect(rows[0]["samePerson"] as? Bool == true)
            #expect((rows[0]["distance"] as? Double).map { $0 < Self.threshold } == true, "\(rows[0])")
            #expect(rows[0]["error"] == nil || rows[0]["error"] is NSNull)

            #expect(rows[1]["samePerson"] as? Bool == false)
            #expect((rows[1]["distance"] as? Double).map { $0 > Self.threshold } == true, "\(rows[1])")
            #expect(rows[1]["error"] == nil || rows[1]["error"] is NSNull)

            let noFace = rows[2]
            #expect(noFace["distance"] is NSNull)
            #expect(noFace["samePerson"] is NSNull)
            let error = try #require(noFace["error"] as? [String: Any], "no error object: \(noFace)")
            #expect(error["code"] as? String == "no_face")
            #expect((error["message"] as? String)?.isEmpty == false)
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
