import Faces
import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// A tester's set on `make run`: rose-leslie-1 and -2, their mirror images, and a crop of
/// rose-leslie-2 that ends under her chin, enlarged twice. The crop's 242 px between the eyes
/// against the others' 117-121 shut every other photo out (a share of the sharpest), and all five
/// portraits were the crop pasted as a rectangle high on the backdrop; "another photo" changed
/// nothing. Made here from the shared photos: the crop, enlarged, and the mirror images.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FaceOnlyPhotoTests {
    @Test func aCropEndingAtTheChinLeadsNoPortraitWiderThanTheCloseUp() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("face-only-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let references = try Self.references(in: folder)
        let faceOnly = try #require(references.first { $0.location.hasSuffix("face-only.jpg") })
        #expect(!faceOnly.showsShoulders && references.filter(\.showsShoulders).count == 4)
        #expect(faceOnly.resolution > 1.9 * references.filter(\.showsShoulders).map(\.resolution).max()!)

        var sources: [String] = []
        for scenario in PortraitScenario.all {
            let request = PortraitRequest(
                scenario: scenario, references: ScenarioCasting.references(for: scenario, from: references), seed: 7)
            sources.append(try #require(try await StudioFixtures.render(request).source))
        }
        let fromCrop = zip(PortraitScenario.all, sources).filter { $0.1 == faceOnly.location }.map(\.0.id)
        #expect(fromCrop.allSatisfy { $0 == "thoughtful_closeup" }, "made of the crop: \(fromCrop)")
        #expect(Set(sources).count >= 4, "\(sources.map { ($0 as NSString).lastPathComponent })")

        // Asked for another photo, the headshot comes from another one (it kept the crop before).
        let headshot = PortraitScenario.all[0]
        let again = PortraitRequest(
            scenario: headshot, references: ScenarioCasting.references(for: headshot, from: references), seed: 8,
            instruction: "use another photo")
        let other = try #require(try await StudioFixtures.render(again).source)
        #expect(other != sources[0] && other != faceOnly.location)
    }

    /// rose-leslie-1 and -2, their mirror images, and the crop: written to `folder`, analysed.
    static func references(in folder: URL) throws -> [ReferencePhoto] {
        let original = try StudioFixtures.persona(["rose-leslie-2.jpg"]).references[0]
        let (left, right) = original.landmarks.eyeCentres
        let unit = original.resolution
        let eyes = Point(x: (left.x + right.x) / 2, y: (left.y + right.y) / 2)
        let photo = try EditableImage(bytes: try ImageDecoder.readFile(atPath: FacePhotos.path("rose-leslie-2.jpg")))
        // From above the hair's parting to just under the chin (2.2 eye distances below the eyes).
        let top = max(0, Int(eyes.y - 1.5 * unit))
        let box = (
            left: Int(eyes.x - 1.4 * unit), top: top, width: Int(2.8 * unit), height: Int(eyes.y + 2.2 * unit) - top
        )
        let crop = try photo.cropped(left: box.left, top: box.top, width: box.width, height: box.height)
            .resized(toWidth: box.width * 2, height: box.height * 2)
        var paths = ["rose-leslie-1.jpg", "rose-leslie-2.jpg"].map(FacePhotos.path)
        for name in ["rose-leslie-1.jpg", "rose-leslie-2.jpg"] {
            let mirrored = try EditableImage(bytes: try ImageDecoder.readFile(atPath: FacePhotos.path(name))).rgb()
                .mirrored()
            let path = folder.appendingPathComponent("mirrored-" + name)
            try Data(try EditableImage(mirrored).jpeg(quality: 92)).write(to: path)
            paths.append(path.path)
        }
        let cropPath = folder.appendingPathComponent("face-only.jpg")
        try Data(try crop.jpeg(quality: 92)).write(to: cropPath)
        paths.append(cropPath.path)
        return StudioFixtures.analyzer.analyze(files: paths).compactMap { ReferencePhoto($0) }
    }
}
