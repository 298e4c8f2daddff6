import Imaging
import TestSupport
import Testing

@testable import PersonaKit

/// Each degradation, made here from a clean frontal photo, must raise its issue and lower the
/// matching score against the source.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct DegradedVariantTests {
    static let sourceName = "obama-1.jpg"

    func source() throws -> (EditableImage, PhotoAnalysis) {
        let image = try EditableImage(bytes: FacePhotos.bytes(Self.sourceName))
        let analysis = TestPhotos.analyze(Self.sourceName)
        #expect(analysis.isUsable, "the clean source must be usable: \(analysis.issues)")
        return (image, analysis)
    }

    func analyze(_ image: EditableImage, _ name: String) throws -> PhotoAnalysis {
        let analysis = TestPhotos.analyze(bytes: try image.jpeg(quality: 92), name: name)
        #expect(analysis.ok, "\(name): \(String(describing: analysis.error))")
        return analysis
    }

    @Test func blurredPhotoIsBlurryAndLessClear() throws {
        let (image, source) = try source()
        let blurred = try analyze(image.blurred(sigma: 5), "blurred")
        #expect(blurred.faceCount == 1)
        #expect(blurred.has(.blurry))
        #expect(blurred.quality.clarity < source.quality.clarity - 0.3)
        #expect(!source.has(.blurry))
    }

    @Test func darkenedPhotoIsTooDarkAndWorseLit() throws {
        let (image, source) = try source()
        let dark = try analyze(image.adjusted(multiply: 0.3, add: 0), "dark")
        #expect(dark.has(.tooDark))
        #expect(dark.quality.lighting < source.quality.lighting - 0.3)
    }

    @Test func overExposedPhotoIsTooBrightAndWorseLit() throws {
        let (image, source) = try source()
        let bright = try analyze(image.adjusted(multiply: 1.5, add: 90), "bright")
        #expect(bright.has(.tooBright))
        #expect(!bright.has(.tooDark))
        #expect(bright.quality.lighting < source.quality.lighting - 0.3)
    }

    @Test func tinyFaceIsTooSmallAndScoresLower() throws {
        let (image, source) = try source()
        // A webcam-sized frame (640×480) with the face ~50 px wide: found only by upsampling.
        let small = try image.resized(by: 0.2)
        let canvas = try small.placed(onCanvasWidth: 640, height: 480, x: 300, y: 200)
        let tiny = try analyze(canvas, "tiny")
        #expect(tiny.faceCount == 1, "the face must still be found, by upsampling")
        #expect((tiny.face?.width ?? 0) < 70)
        #expect(tiny.has(.faceTooSmall))
        #expect(tiny.quality.overall < source.quality.overall)
    }

    @Test func sidewaysPhotoWithoutOrientationFindsNoUprightFace() throws {
        let (image, source) = try source()
        let sideways = try analyze(image.rotated(quarterTurns: 1), "sideways")
        #expect(sideways.has(.noFace))
        #expect(sideways.quality.angle < source.quality.angle)
        #expect(!sideways.isUsable)
    }

    @Test func tiltedHeadIsAnExtremeAngle() throws {
        let (image, source) = try source()
        let tilted = try analyze(image.rotated(degrees: 32), "tilted")
        #expect(tilted.faceCount == 1, "dlib's tilted-face filters still find it")
        #expect(tilted.has(.extremeAngle), "\(tilted.issues)")
        #expect(abs(tilted.pose?.roll ?? 0) > 25)
        #expect(tilted.quality.angle < source.quality.angle)
    }

    @Test func exifOrientationIsAppliedBeforeLookingForTheFace() throws {
        let (image, source) = try source()
        // Pixels stored a quarter turn clockwise, with the EXIF tag (8) that tells viewers to
        // turn them back: the photo is upright as a person sees it.
        let bytes = try image.rotated(quarterTurns: 1).jpeg(quality: 92, exifOrientation: 8)
        let analysis = TestPhotos.analyze(bytes: bytes, name: "exif-rotated")
        #expect(analysis.faceCount == 1)
        #expect(analysis.width == source.width && analysis.height == source.height)
        #expect(analysis.isUsable, "\(analysis.issues)")
        #expect(abs((analysis.pose?.roll ?? 90) - (source.pose?.roll ?? 0)) < 5)
    }
}
