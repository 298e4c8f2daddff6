import Faces
import Foundation
import Imaging
import TestSupport
import Testing

/// The selfie segmentation model run through our hand-written LiteRT declarations: a wrong
/// prototype or struct there does not fail loudly, it gives garbage, so the output is checked on a
/// known photo. `scripts/setup.sh` installs the model and the library (`make test` runs it first).
@Suite("Person segmentation (MediaPipe selfie segmentation on LiteRT)")
struct PersonSegmenterTests {
    static let segmenter = Result { try PersonSegmenter() }

    /// The photo at the model's size, and where its eyes and nose fall there.
    static func input(_ name: String) throws -> (RGBImage, eyes: Point, nose: Point) {
        let analysis = TestPhotos.analyze(name)
        let landmarks = try #require(analysis.landmarks)
        let photo = try EditableImage(bytes: FacePhotos.bytes(name))
        let side = PersonSegmenter.side
        let picture = try photo.averaged(toWidth: side, height: side).rgb()
        let (sx, sy) = (Double(side) / Double(photo.width), Double(side) / Double(photo.height))
        let eyes = landmarks.eyeCentres
        return (
            picture, Point(x: (eyes.left.x + eyes.right.x) / 2 * sx, y: (eyes.left.y + eyes.right.y) / 2 * sy),
            Point(x: landmarks.nose.x * sx, y: landmarks.nose.y * sy)
        )
    }

    static func mean(_ values: [Float], x: ClosedRange<Int>, y: ClosedRange<Int>) -> Float {
        var sum: Float = 0
        for row in y { for column in x { sum += values[row * PersonSegmenter.side + column] } }
        return sum / Float(x.count * y.count)
    }

    @Test func findsThePersonInAKnownPhotoAndNothingInTheCorners() throws {
        let segmenter = try Self.segmenter.get()
        let (picture, eyes, nose) = try Self.input("obama-1.jpg")
        let p = try segmenter.probabilities(of: picture)
        #expect(p.count == 256 * 256)
        #expect(p.allSatisfy { $0 >= 0 && $0 <= 1 }, "probabilities, not logits")
        let (ex, ey, ny) = (Int(eyes.x), Int(eyes.y), Int(nose.y))
        // The face, between the eyes and down to the nose, is the person.
        #expect(Self.mean(p, x: (ex - 6)...(ex + 6), y: ey...ny) > 0.95)
        // The photo's top corners are its grey backdrop.
        #expect(Self.mean(p, x: 0...23, y: 0...23) < 0.05)
        #expect(Self.mean(p, x: 232...255, y: 0...23) < 0.05)
        // About the share of the picture a head-and-shoulders portrait fills.
        let share = p.reduce(0, +) / Float(p.count)
        #expect(share > 0.25 && share < 0.75, "person share \(share)")
    }

    /// The mirrored photo gives the mirrored answer: the pixels reach the model in the right order.
    @Test func aMirroredPhotoGivesTheMirroredMask() throws {
        let segmenter = try Self.segmenter.get()
        let (picture, _, _) = try Self.input("obama-1.jpg")
        let p = try segmenter.probabilities(of: picture)
        let q = try segmenter.probabilities(of: picture.mirrored())
        let side = PersonSegmenter.side
        var difference: Float = 0
        for row in 0..<side {
            for column in 0..<side { difference += abs(p[row * side + column] - q[row * side + side - 1 - column]) }
        }
        #expect(difference / Float(side * side) < 0.02)
    }

    @Test func aPictureWithoutAPersonIsEmpty() throws {
        let segmenter = try Self.segmenter.get()
        let grey = RGBImage(width: 256, height: 256, pixels: [UInt8](repeating: 128, count: 256 * 256 * 3))
        #expect(try segmenter.probabilities(of: grey).max()! < 0.1)
    }

    /// Many threads at once share the segmenter (each takes its own compiled model) and agree.
    @Test func threadsShareItSafely() async throws {
        let segmenter = try Self.segmenter.get()
        let (picture, _, _) = try Self.input("biden-1.jpg")
        let expected = try segmenter.probabilities(of: picture)
        try await withThrowingTaskGroup(of: [Float].self) { group in
            for _ in 0..<6 { group.addTask { try segmenter.probabilities(of: picture) } }
            for try await answer in group { #expect(answer == expected) }
        }
    }

    @Test func aMissingOrForeignModelIsAClearError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("segmenter-\(UUID())")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("litert"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: FaceError.self) { try PersonSegmenter(directory: folder.path) }
        // The real library, a file that is not a model.
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent(PersonSegmenter.runtimeLibrary).path,
            withDestinationPath: (FaceModels.defaultDirectory() as NSString).appendingPathComponent(
                PersonSegmenter.runtimeLibrary))
        try Data("not a model".utf8).write(to: folder.appendingPathComponent(PersonSegmenter.modelFile))
        do {
            _ = try PersonSegmenter(directory: folder.path)
            Issue.record("a foreign file opened as the model")
        } catch let error as FaceError {
            guard case .modelUnreadable = error else {
                Issue.record("\(error)")
                return
            }
        }
    }
}
