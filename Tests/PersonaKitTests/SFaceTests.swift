import Faces
import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Faces

@Suite(
    "SFace, the second face model", .enabled(if: SFaceInstall.available, "SFace is not installed: run scripts/setup.sh")
)
struct SFaceTests {
    func recognizer() throws -> SFaceRecognizer {
        try #require(SFaceInstall.recognizer, "SFace is installed but did not load from \(SFaceInstall.directory)")
    }

    /// The pinned runtime answers through our declared C API table, and the model computes what
    /// ONNX Runtime's own Python API computes for the same input: a fixed pattern of planes
    /// (value (index·37) mod 256, where index runs over R, then G, then B), which needs no decoder.
    @Test func runsThroughTheCAPIAsONNXRuntimeItselfDoes() throws {
        let sface = try recognizer()
        #expect(sface.runtimeVersion == "1.32.0")
        let plane = SFaceAlignment.size * SFaceAlignment.size
        var pixels = [UInt8](repeating: 0, count: 3 * plane)
        for channel in 0..<3 {
            for i in 0..<plane { pixels[3 * i + channel] = UInt8(((channel * plane + i) * 37) % 256) }
        }
        let output = try sface.output(ofAlignedFace: RGBImage(width: 112, height: 112, pixels: pixels))
        let expected: [Float] = [-0.6582149, -0.04088955, 0.26887983, -0.3026046]
        for (value, wanted) in zip(output.prefix(4), expected) {
            #expect(abs(value - wanted) < 1e-4, "\(output.prefix(4))")
        }
        #expect(abs(output.reduce(0) { $0 + $1 * $1 }.squareRoot() - 3.5818973) < 1e-3)
    }

    /// A known photo, the whole way: dlib's landmarks, the decode at SFace's scale, the alignment,
    /// the network. The stored values (the first four of the unit-length descriptor, and the
    /// network's own length) were measured on this pipeline. Decoders and CPUs differ in their last
    /// bits, hence the tolerance; moving the landmarks by half a pixel moves these values by up to
    /// 0.009.
    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func embedsAKnownPhotoAsStored() throws {
        let analysis = TestPhotos.analyze("obama-1.jpg")
        let landmarks = try #require(analysis.landmarks)
        let (image, scaled) = try SFaceRecognizer.decodeForAlignment(
            photo: FacePhotos.bytes("obama-1.jpg"), landmarks: landmarks)
        let output = try recognizer().output(ofAlignedFace: SFaceAlignment.alignedFace(in: image, landmarks: scaled))
        let norm = output.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let stored: [Float] = [0.01927, 0.02366, -0.01086, -0.00060]
        for (value, wanted) in zip(output.prefix(4).map { $0 / norm }, stored) {
            #expect(abs(value - wanted) < 0.004, "first values \(output.prefix(4).map { $0 / norm })")
        }
        #expect(abs(norm - 13.703) < 0.01 * 13.703, "norm \(norm)")
    }

    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func samePersonPairsFallUnderTheBarAndDifferentPeopleOver() throws {
        let names = [
            "obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "biden-1.jpg", "biden-2.jpg", "kit-harington-1.jpg",
            "kit-harington-2.jpg", "rose-leslie-1.jpg", "rose-leslie-2.jpg", "alex-lacamoire-1.jpg",
            "alex-lacamoire-2.png", "lin-manuel-miranda-1.png",
        ]
        let sface = try recognizer()
        let embeddings = try zip(names, TestPhotos.analyze(names)).map { name, analysis in
            try sface.embedding(
                photo: FacePhotos.bytes(name), landmarks: try #require(analysis.landmarks, "no face in \(name)"))
        }
        let person = { (name: String) in name.split(separator: "-").dropLast().joined(separator: "-") }
        let bar = SFaceEmbedding.samePersonThreshold
        var same = 0
        var different = 0
        for i in names.indices {
            for j in names.indices where j > i {
                let distance = embeddings[i].distance(to: embeddings[j])
                if person(names[i]) == person(names[j]) {
                    same += 1
                    #expect(distance < bar, "\(names[i]) and \(names[j]): \(distance)")
                } else {
                    different += 1
                    #expect(distance > bar, "\(names[i]) and \(names[j]): \(distance)")
                }
            }
        }
        #expect(same == 7 && different == 59)
    }
}

extension SFaceTests {
    /// The analysis asks SFace on the image it has already decoded (halved around the face when the
    /// face is large there): the descriptors match those of a decode at SFace's own scale.
    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func theAnalysisReadsFacesAsASecondDecodeWould() throws {
        let names = [
            "obama-1.jpg", "obama-2.jpg", "obama-3.jpg", "biden-1.jpg", "biden-2.jpg", "kit-harington-1.jpg",
            "kit-harington-2.jpg", "rose-leslie-1.jpg", "rose-leslie-2.jpg", "alex-lacamoire-1.jpg",
            "alex-lacamoire-2.png", "lin-manuel-miranda-1.png",
        ]
        let sface = try recognizer()
        for (name, analysis) in zip(names, TestPhotos.analyze(names)) {
            let inAnalysis = try #require(analysis.secondOpinion, "no SFace descriptor for \(name)")
            let landmarks = try #require(analysis.landmarks)
            let decodedAgain = try sface.embedding(photo: FacePhotos.bytes(name), landmarks: landmarks)
            #expect(inAnalysis.distance(to: decodedAgain) < 0.02, "\(name)")
        }
    }

    /// Halving keeps a 2×2 block's mean and the image's content where the landmarks say it is.
    @Test func halvingAveragesBlocks() {
        let image = RGBImage(
            width: 3, height: 2, pixels: [0, 0, 0, 10, 20, 30, 99, 99, 99, 2, 4, 6, 12, 24, 36, 99, 99, 99])
        let half = image.halved()
        #expect(half.width == 1 && half.height == 1)
        #expect(half.pixels == [6, 12, 18])
        let crop = image.cropped(x: 1, y: 0, width: 2, height: 2)
        #expect(crop.pixels == [10, 20, 30, 99, 99, 99, 12, 24, 36, 99, 99, 99])
    }
}
