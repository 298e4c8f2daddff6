import Faces
import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// Two testers' sets on `make run`: a person's two photos, their mirror images, and a crop of the
/// second that ends under the chin, enlarged twice (a face-only selfie). Rose Leslie's crop (242
/// px between the eyes against the others' 117-121) shut every other photo out (a share of the
/// sharpest), and all five portraits were the crop pasted as a rectangle high on the backdrop;
/// "another photo" changed nothing. Kit Harington's (his other photos 60-70 px) still led the
/// headshot after that was mended, the others too small beside it, and "another photo" turned
/// the casual portrait into the crop. Made here from the shared photos.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FaceOnlyPhotoTests {
    @Test(arguments: [["rose-leslie-1.jpg", "rose-leslie-2.jpg"], ["kit-harington-1.jpg", "kit-harington-2.jpg"]])
    func aCropEndingAtTheChinLeadsNoPortraitWiderThanTheCloseUp(names: [String]) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("face-only-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let references = try Self.references(names, in: folder)
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

        // Asked for another photo, each portrait wider than the close-up comes from another one
        // with the shoulders (the headshot kept the crop once; the casual portrait became it).
        for scenario in PortraitScenario.all where scenario.id != "thoughtful_closeup" {
            for seed: UInt64 in [8, 9] {
                let again = PortraitRequest(
                    scenario: scenario, references: ScenarioCasting.references(for: scenario, from: references),
                    seed: seed, instruction: "use another photo")
                let other = try #require(try await StudioFixtures.render(again).source)
                #expect(other != sources[scenario.index] && other != faceOnly.location, "\(scenario.id), seed \(seed)")
            }
        }
    }

    /// The two photos, their mirror images, and the crop of the second: written to `folder`,
    /// analysed photo by photo, the usable ones as references. The crop stands in for a face-only
    /// selfie, a shot of its own: the set's checks would flag it as a copy of the second photo
    /// (and the mirror images as `mirrored_copy`), so they are left out here.
    static func references(_ names: [String], in folder: URL) throws -> [ReferencePhoto] {
        let original = try StudioFixtures.persona([names[1]]).references[0]
        let (left, right) = original.landmarks.eyeCentres
        let unit = original.resolution
        let eyes = Point(x: (left.x + right.x) / 2, y: (left.y + right.y) / 2)
        let photo = try EditableImage(bytes: try ImageDecoder.readFile(atPath: FacePhotos.path(names[1])))
        // From above the hair's parting to just under the chin (2.2 eye distances below the eyes).
        let top = max(0, Int(eyes.y - 1.5 * unit))
        let box = (
            left: Int(eyes.x - 1.4 * unit), top: top, width: Int(2.8 * unit), height: Int(eyes.y + 2.2 * unit) - top
        )
        let crop = try photo.cropped(left: box.left, top: box.top, width: box.width, height: box.height)
            .resized(toWidth: box.width * 2, height: box.height * 2)
        var paths = names.map(FacePhotos.path)
        for name in names {
            let mirrored = try EditableImage(bytes: try ImageDecoder.readFile(atPath: FacePhotos.path(name))).rgb()
                .mirrored()
            let path = folder.appendingPathComponent("mirrored-" + name)
            try Data(try EditableImage(mirrored).jpeg(quality: 92)).write(to: path)
            paths.append(path.path)
        }
        let cropPath = folder.appendingPathComponent("face-only.jpg")
        try Data(try crop.jpeg(quality: 92)).write(to: cropPath)
        paths.append(cropPath.path)
        let analyses = StudioFixtures.analyzer.analyze(files: paths)
        let unusable = analyses.filter { !$0.isUsable }.map { ($0.file, $0.issues.map(\.code)) }
        #expect(unusable.isEmpty, "\(unusable)")
        return analyses.filter(\.isUsable).compactMap { ReferencePhoto($0) }
    }
}
