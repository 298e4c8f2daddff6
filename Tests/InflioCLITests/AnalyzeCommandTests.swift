import Foundation
import TestSupport
import Testing

extension CLITests {
    // Skipped only when ../shared/testdata/faces is absent on this machine.
    @Suite("inflio analyze", .enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    struct AnalyzeTests {
        static let photoNames = [
            "obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "obama-1-1080p.jpg", "obama-2-duplicate.jpg", "biden-1.jpg",
        ]

        /// The six photos plus a text file named fake.jpg, in that order.
        static func arguments(in folder: TemporaryDirectory) throws -> [String] {
            let fake = try folder.write("fake.jpg", Array("hello, not a photo\n".utf8))
            return photoNames.map(FacePhotos.path) + [fake]
        }

        @Test func jsonReport() throws {
            let folder = try TemporaryDirectory()
            let result = try CLI.run(["analyze", "--json"] + Self.arguments(in: folder))
            #expect(result.status == 0, "stderr: \(result.stderr)")

            let root = try result.decode(Keyed<AnalyzeJSON>.self)
            #expect(root.keys == ["photos", "summary"])
            let photos = root.photos
            try #require(photos.count == 7)

            let photoKeys: Set = [
                "file", "ok", "error", "width", "height", "faces", "quality", "issues", "duplicateOf",
            ]
            for photo in photos {
                let file = photo.file
                #expect(photo.keys == photoKeys, "\(file)")
                let quality = photo.quality
                #expect(Set(quality.keys) == ["lighting", "clarity", "angle", "overall"], "\(file)")
                for (name, score) in quality {
                    #expect((0...1).contains(score), "\(file) \(name) = \(score)")
                }
                for issue in photo.issues {
                    #expect(issue.keys == ["code", "message"], "\(file)")
                    #expect(issue.message.isEmpty == false, "\(file)")
                }
            }
            func photo(_ name: String) throws -> Keyed<AnalyzeJSON.Photo> {
                try #require(photos.first { $0.file.hasSuffix("/" + name) }, "\(name) missing from the report")
            }
            func issueCodes(_ name: String) throws -> [String] {
                try photo(name).issues.map { $0.code }
            }
            // Files are reported in the order given.
            #expect(photos.map { ($0.file as NSString).lastPathComponent } == Self.photoNames + ["fake.jpg"])

            // Absent values are an explicit null.
            let first = try photo("obama-1.jpg")
            #expect(first.error.isNull)
            #expect(first.duplicateOf.isNull)
            #expect(first.ok == true)
            #expect(first.width == 910 && first.height == 1137)
            #expect(first.faces == 1)
            #expect(try issueCodes("obama-1.jpg").isEmpty)

            // Not a photo: reported, not fatal.
            let fake = try photo("fake.jpg")
            #expect(fake.ok == false)
            let error = try #require(fake.error.value, "fake.jpg has no error object")
            #expect(error.keys == ["code", "message"])
            #expect(error.code == "unsupported_format")
            #expect(error.message.isEmpty == false)
            #expect(fake.duplicateOf.isNull)

            #expect(try issueCodes("biden-1.jpg").contains("different_person"))
            #expect(try photo("biden-1.jpg").duplicateOf.isNull)

            #expect(try issueCodes("obama-2-duplicate.jpg").contains("duplicate"))
            #expect(try photo("obama-2-duplicate.jpg").duplicateOf.value?.hasSuffix("/obama-2.jpg") == true)
            #expect(try issueCodes("obama-1-1080p.jpg").contains("duplicate"))
            #expect(try photo("obama-1-1080p.jpg").duplicateOf.value?.hasSuffix("/obama-1.jpg") == true)
            for name in ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"] {
                #expect(try issueCodes(name).isEmpty, "\(name) should be usable")
            }

            let summary = root.summary
            #expect(
                summary.keys == [
                    "usablePhotos", "analysisQuality", "referencePhotos", "consistencyScore", "ambiguousGroups",
                ])
            #expect(summary.usablePhotos == 3)
            #expect(summary.analysisQuality == "needs_improvement")
            let references = summary.referencePhotos
            #expect(
                Set(references.map { ($0 as NSString).lastPathComponent }) == [
                    "obama-1.jpg", "obama-2.jpg", "obama-3.jpg",
                ])
            let consistency = summary.consistencyScore
            #expect(consistency > 0 && consistency <= 1, "consistencyScore \(consistency)")

            // No face descriptor (128 numbers) or any other long list of numbers leaks out.
            let tree = try result.decode(JSONTree.self)
            let longest = largestNumberArray(in: tree)
            #expect(longest <= 20, "an array of \(longest) numbers is in the output")
            #expect(
                allKeys(in: tree).isDisjoint(with: [
                    "embedding", "descriptor", "embeddings", "centroid", "identityCentroid",
                ]))
        }

        @Test func humanReadableTable() throws {
            let folder = try TemporaryDirectory()
            let result = try CLI.run(["analyze"] + Self.arguments(in: folder))
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let text = result.stdout
            #expect(text.contains("Usable photos"))
            #expect(text.contains("3 of 7"), "three of the seven files are usable")
            #expect(text.contains("not enough"), "fewer than 5 usable photos must be called out")
            #expect(text.contains("needs_improvement"))
            #expect(text.contains("different_person"))
            #expect(text.contains("duplicate"))
            #expect(text.contains("unsupported_format"))
            #expect(text.contains("★"))

            // The reference mark is on obama-1, -2 and -3 and nowhere else.
            let lines = text.split(separator: "\n").map(String.init)
            let marked = lines.filter { $0.hasPrefix("★ ") && !$0.hasPrefix("★ reference photo") }
            let markedNames = Set(marked.compactMap { $0.dropFirst(2).split(separator: " ").first.map(String.init) })
            #expect(markedNames == ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"], "marked rows: \(marked)")

            // No descriptor dump: no run of many numbers anywhere.
            let numberRun = /(?:-?\d+(?:\.\d+)?(?:e-?\d+)?[\s,\[\]]+){21,}/
            #expect(text.firstMatch(of: numberRun) == nil, "a long list of numbers is in the output")
            for line in lines {
                let decimals = line.matches(of: /\d+\.\d+/).count
                #expect(decimals <= 6, "too many numbers on one line: \(line)")
            }
        }

        @Test func analysingAFolderTakesItsPhotos() throws {
            // A folder argument expands to the files directly inside it; notes (.md, .txt) are skipped.
            let folder = try TemporaryDirectory()
            let photoFolder = folder.url.appendingPathComponent("selfies")
            try FileManager.default.createDirectory(at: photoFolder, withIntermediateDirectories: true)
            for name in ["obama-1.jpg", "obama-2.jpg"] {
                try FileManager.default.createSymbolicLink(
                    atPath: photoFolder.appendingPathComponent(name).path, withDestinationPath: FacePhotos.path(name))
            }
            try Data("notes".utf8).write(to: photoFolder.appendingPathComponent("notes.txt"))
            let result = try CLI.run(["analyze", "--json", photoFolder.path])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let root = try result.decode(AnalyzeJSON.self)
            let files = root.photos.map { $0.file }
            #expect(files.map { ($0 as NSString).lastPathComponent } == ["obama-1.jpg", "obama-2.jpg"])
            #expect(root.summary.usablePhotos == 2)
        }
    }

    @Suite("inflio analyze: usage errors")
    struct AnalyzeUsageTests {
        @Test func noArgumentsIsAUsageError() throws {
            let result = try CLI.run(["analyze"])
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty || !result.stdout.contains("Usable photos"))
            let message = result.stderr + result.stdout
            #expect(message.contains("Usage:"), "no usage message: \(message)")
            #expect(message.contains("inflio analyze"), "usage should name the command: \(message)")
        }

        @Test func emptyFolderIsAnError() throws {
            let folder = try TemporaryDirectory()
            let result = try CLI.run(["analyze", folder.url.path])
            #expect(result.status != 0)
            #expect(result.stderr.contains("No photos given"), "stderr: \(result.stderr)")
        }
    }
}
