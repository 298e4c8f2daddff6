import Faces
import Foundation
import Imaging
import Testing

@testable import Faces

/// The alignment's geometry and SFace's absence; none of these needs the model installed.
struct SFaceAlignmentTests {
    /// dlib's five points as the derived template places them.
    static let template = SFaceAlignment.template.map { Point(x: $0.x, y: $0.y) }

    @Test func theTemplateSitsOnTheArcFaceEyesAndUnderItsNose() {
        let t = Self.template
        // Each eye's corner midpoint is the ArcFace eye centre.
        #expect(abs((t[2].x + t[3].x) / 2 - 38.2946) < 1e-9 && abs((t[0].x + t[1].x) / 2 - 73.5318) < 1e-9)
        // The base of the nose is below ArcFace's nose tip (71.74) and above its mouth (92.3).
        #expect(t[4].y > 71.74 && t[4].y < 92.2)
    }

    @Test func pointsOnTheTemplateNeedNoMove() {
        let map = SFaceAlignment.transform(for: FaceLandmarks(points: Self.template))
        #expect(abs(map.a - 1) < 1e-9 && abs(map.b) < 1e-9 && abs(map.tx) < 1e-9 && abs(map.ty) < 1e-9)
    }

    /// A face turned 20°, three times the size and moved is brought back exactly onto the template.
    @Test func undoesRotationScaleAndShift() {
        let photo = AffineMap.similarity(scale: 3, radians: 20 * .pi / 180, tx: 400, ty: 250)
        let landmarks = FaceLandmarks(
            points: Self.template.map { p in
                let (x, y) = photo.apply(x: p.x, y: p.y)
                return Point(x: x, y: y)
            })
        let back = SFaceAlignment.transform(for: landmarks)
        for (p, q) in zip(landmarks.points, Self.template) {
            let (x, y) = back.apply(x: p.x, y: p.y)
            #expect(abs(x - q.x) < 1e-6 && abs(y - q.y) < 1e-6)
        }
    }

    /// The canvas shows the photo where the transform says, and black beyond its edges.
    @Test func samplesThePhotoThroughTheTransform() {
        // A 224×224 photo, left half dark (20) and right half light (220), with the template at twice the size.
        var pixels = [UInt8](repeating: 0, count: 224 * 224 * 3)
        for y in 0..<224 { for x in 0..<224 { for c in 0..<3 { pixels[(y * 224 + x) * 3 + c] = x < 112 ? 20 : 220 } } }
        let landmarks = FaceLandmarks(points: Self.template.map { Point(x: $0.x * 2, y: $0.y * 2) })
        let face = SFaceAlignment.alignedFace(
            in: RGBImage(width: 224, height: 224, pixels: pixels), landmarks: landmarks)
        #expect(face.width == 112 && face.height == 112)
        #expect(face.pixels[(50 * 112 + 10) * 3] == 20)
        #expect(face.pixels[(50 * 112 + 100) * 3] == 220)
        // The same photo with the face pushed to its top-left corner leaves the far side black.
        let corner = FaceLandmarks(points: Self.template.map { Point(x: $0.x * 2 - 150, y: $0.y * 2 - 150) })
        let cut = SFaceAlignment.alignedFace(in: RGBImage(width: 224, height: 224, pixels: pixels), landmarks: corner)
        #expect(cut.pixels[(5 * 112 + 5) * 3] == 0)
    }

    @Test func distanceIsOneMinusCosine() throws {
        var a = [Float](repeating: 0, count: 128)
        a[0] = 3
        var b = [Float](repeating: 0, count: 128)
        b[1] = 0.5
        let x = try #require(SFaceEmbedding(raw: a))
        let y = try #require(SFaceEmbedding(raw: b))
        let minusX = try #require(SFaceEmbedding(raw: a.map { -$0 }))
        #expect(x.distance(to: x) == 0 && x.distance(to: y) == 1 && x.distance(to: minusX) == 2)
        #expect(SFaceEmbedding(raw: [Float](repeating: 0, count: 128)) == nil)
        #expect("\(x)".contains("redacted"))
    }

    @Test func aMissingRuntimeSaysHowToInstallIt() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("sface-missing-\(UUID())").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect {
            _ = try SFaceRecognizer(directory: empty)
        } throws: { error in
            guard case FaceError.modelMissing(let path) = error else { return false }
            return path.hasSuffix(SFaceRecognizer.runtimeLibrary) && "\(error)".contains("scripts/setup.sh")
        }
    }
}
