import Faces
import Imaging
import TestSupport
import Testing

@testable import PersonaKit

/// A copy of a photo, turned or cropped, is the same picture, and a mirror image is flagged as
/// one: a tester's set of two photos plus their mirrored and turned copies passed as five distinct
/// references, and three of the five portraits came from one shot.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct CopiedPhotoTests {
    /// The tester's copies, made here: mirrored; mirrored, desaturated (the hash reads luma, which
    /// this keeps) and cropped to the middle 70 %; turned 6° and cropped to the middle 76 × 80 %;
    /// cropped by 6 % at the sides; brightened by 18 %.
    static func copies(of name: String) throws -> [(kind: String, bytes: [UInt8])] {
        let image = try EditableImage(bytes: FacePhotos.bytes(name))
        let rgb = try image.rgb()
        var desaturated = rgb.mirrored()
        for i in stride(from: 0, to: desaturated.pixels.count, by: 3) {
            let (r, g, b) = (
                Double(desaturated.pixels[i]), Double(desaturated.pixels[i + 1]), Double(desaturated.pixels[i + 2])
            )
            let luma = 0.299 * r + 0.587 * g + 0.114 * b
            for c in 0..<3 {
                desaturated.pixels[i + c] = UInt8(
                    max(0, min(255, luma + 0.6 * (Double(desaturated.pixels[i + c]) - luma))))
            }
        }
        let (w, h) = (Double(image.width), Double(image.height))
        let turned = try image.rotated(degrees: 6)
        let (tw, th) = (Double(turned.width), Double(turned.height))
        return [
            ("mirrored", try EditableImage(rgb.mirrored()).jpeg(quality: 92)),
            (
                "mirrored-desaturated-cropped",
                try EditableImage(desaturated).cropped(left: Int(w * 0.15), top: 0, width: Int(w * 0.7), height: Int(h))
                    .jpeg(quality: 92)
            ),
            (
                "turned-cropped",
                try turned.cropped(
                    left: Int(tw * 0.12), top: Int(th * 0.1), width: Int(tw * 0.76), height: Int(th * 0.8)
                ).jpeg(quality: 92)
            ),
            (
                "cropped",
                try image.cropped(left: Int(w * 0.06), top: Int(h * 0.04), width: Int(w * 0.88), height: Int(h * 0.93))
                    .jpeg(quality: 92)
            ),
            ("brightened", try image.adjusted(multiply: 1.18, add: 0).jpeg(quality: 92)),
        ]
    }

    @Test(arguments: ["biden-1.jpg", "kit-harington-2.jpg", "rose-leslie-1.jpg", "alex-lacamoire-2.png"])
    func eachCopyRepeatsItsOriginal(name: String) throws {
        let original = TestPhotos.analyze(name)
        for copy in try Self.copies(of: name) {
            // Each copy beside its original alone (the desaturated one is also a copy of the mirror image).
            let set = SetAnalyzer.analyze([original, TestPhotos.analyze(bytes: copy.bytes, name: copy.kind)])
            let analysed = set.photos[1]
            #expect(set.photos[0].issues.isEmpty, "\(set.photos[0].issues)")
            if copy.kind.hasPrefix("mirrored") {
                // A mirror image may still serve while the set is short (see `markDuplicates`).
                #expect(analysed.issues.map(\.code) == [.mirroredCopy], "\(name) \(copy.kind): \(analysed.issues)")
                #expect(analysed.issues.first?.message.contains(name) == true)
                #expect(analysed.duplicateOf == nil)
            } else {
                #expect(analysed.has(.duplicate), "\(name) \(copy.kind)")
                #expect(analysed.duplicateOf?.hasSuffix(name) == true, "\(name) \(copy.kind)")
            }
        }
    }

    /// Five photos of one shot (it, a turned copy and a cropped one, its mirror image and a desaturated
    /// crop of that): two usable photos, not enough for a persona. The tester's set of
    /// two shots and three copies was built, each copy a "distinct" reference.
    @Test func copiesOfOneShotDoNotMakeASet() throws {
        let copies = try Self.copies(of: "kit-harington-1.jpg")
        let photos =
            [TestPhotos.analyze("kit-harington-1.jpg")]
            + copies.map { TestPhotos.analyze(bytes: $0.bytes, name: $0.kind) }
        let set = SetAnalyzer.analyze(photos)
        // The original and its mirror image (which the desaturated crop copies) count while the set is short.
        #expect(set.usableCount == 2, "\(set.photos.map { ($0.file, $0.issues.map(\.code)) })")
        #expect(!set.hasEnoughPhotos)
    }

    /// A mirror image counts while the set is short of clean photos, and not once it has enough.
    @Test func aMirrorImageCountsOnlyWhileTheSetIsShort() throws {
        let mirrored = try EditableImage(EditableImage(bytes: FacePhotos.bytes("obama-1.jpg")).rgb().mirrored())
            .jpeg(quality: 92)
        let names = ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"]
        let short = SetAnalyzer.analyze(
            TestPhotos.analyze(names) + [TestPhotos.analyze(bytes: mirrored, name: "mirrored.jpg")])
        #expect(short.usableCount == 4)
        #expect(short.isUsable(3))
        // Once the clean photos alone are enough, it is left out (the minimum lowered to three:
        // the samples hold only three clean shots of anyone).
        let enough = SetAnalyzer.analyze(
            TestPhotos.analyze(names) + [TestPhotos.analyze(bytes: mirrored, name: "mirrored.jpg")],
            thresholds: {
                var t = AnalysisThresholds.standard
                t.minimumUsablePhotos = 3
                return t
            }())
        #expect(enough.usableCount == 3)
        #expect(!enough.isUsable(3))
    }

    /// Different photos of one person stay distinct, the closest pair of the shared ones
    /// (at least 83 bits apart either way round on the shared photos) among them.
    @Test func differentPhotosOfOnePersonAreNotCopies() throws {
        let names = [
            "rose-leslie-1.jpg", "rose-leslie-2.jpg", "obama-1.jpg", "obama-2.jpg", "obama-3.jpg",
            "kit-harington-1.jpg",
            "kit-harington-2.jpg", "biden-1.jpg", "biden-2.jpg",
        ]
        let photos = TestPhotos.analyze(names)
        let set = SetAnalyzer.analyze(photos)
        let flagged = set.photos.filter { $0.has(.duplicate) || $0.has(.mirroredCopy) }.map(\.file)
        #expect(flagged.isEmpty, "\(flagged)")
        // The hashes themselves, not only the face descriptors' same-person gate, tell the two
        // photos of each person apart, either way round.
        for (a, b) in [(0, 1), (2, 3), (2, 4), (3, 4), (5, 6), (7, 8)] {
            let (ha, hb) = (try #require(photos[a].faceFingerprint), try #require(photos[b].faceFingerprint))
            let nearest = min(ha.hammingDistance(to: hb), ha.hammingDistance(to: hb.mirrored))
            #expect(
                nearest > AnalysisThresholds.standard.nearDuplicateFaceBits + 20,
                "\(names[a]) ~ \(names[b]): \(nearest)")
        }
    }

    /// The mirror of a hash, worked out from its bits, is the hash of the mirrored picture.
    @Test func aMirroredHashIsTheMirroredPicturesHash() {
        // A picture without ties between neighbouring cells: a diagonal ramp with a bump.
        let (width, height) = (170, 160)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let value = UInt8((x * 7 + y * 3 + (x * y) % 37) % 256)
                for c in 0..<3 { pixels[3 * (y * width + x) + c] = value }
            }
        }
        let picture = RGBImage(width: width, height: height, pixels: pixels)
        let hash = NearDuplicateFingerprint(image: picture)
        let mirror = NearDuplicateFingerprint(image: picture.mirrored())
        #expect(hash.mirrored.hammingDistance(to: mirror) <= 4)
        #expect(hash.hammingDistance(to: mirror) > 60, "the picture is not symmetric")
    }

    /// A face hash within the bar both ways (a symmetric face) decides by the nearer reading: as
    /// it is, a duplicate; mirrored, a mirror image. Made-up hashes (the wide ones far apart): a
    /// face symmetric but for 6 bits, so its mirror image is 12 bits off, and copies 4 bits off
    /// it or off its mirror image.
    @Test func aCopyWithinTheBarBothWaysTakesTheNearerReading() {
        func photo(_ name: String, face: NearDuplicateFingerprint, wide: UInt64) -> PhotoAnalysis {
            var photo = PhotoAnalysis(file: name)
            photo.embedding = FaceEmbedding(values: [Float](repeating: 0.1, count: 128))
            photo.fingerprint = NearDuplicateFingerprint(bits: [wide, wide, wide, wide])
            photo.faceFingerprint = face
            return photo
        }
        func flipping(_ hash: NearDuplicateFingerprint, word: Int, _ mask: UInt64) -> NearDuplicateFingerprint {
            var bits = hash.bits
            bits[word] ^= mask
            return NearDuplicateFingerprint(bits: bits)
        }
        // Each 16-bit row 0000000011111111 is its own mirror image (reversed and negated).
        let symmetric = NearDuplicateFingerprint(bits: [UInt64](repeating: 0x00FF_00FF_00FF_00FF, count: 4))
        #expect(symmetric.mirrored == symmetric)
        let face = flipping(symmetric, word: 3, 0b111111)
        let bar = AnalysisThresholds.standard.nearDuplicateFaceBits
        #expect(face.hammingDistance(to: face.mirrored) == 12)
        let original = photo("a.jpg", face: face, wide: 0)
        let same = photo("b.jpg", face: flipping(face, word: 0, 0b1111), wide: ~0)
        let flipped = photo("c.jpg", face: flipping(face.mirrored, word: 0, 0b1111), wide: ~0)
        for copy in [same, flipped] {
            let hash = copy.faceFingerprint!
            #expect(hash.hammingDistance(to: face) <= bar && hash.hammingDistance(to: face.mirrored) <= bar)
        }
        let thresholds = AnalysisThresholds.standard
        #expect(SetAnalyzer.isDuplicate(same, of: original, thresholds: thresholds))
        #expect(!SetAnalyzer.isMirrorCopy(same, of: original, thresholds: thresholds))
        #expect(!SetAnalyzer.isDuplicate(flipped, of: original, thresholds: thresholds))
        #expect(SetAnalyzer.isMirrorCopy(flipped, of: original, thresholds: thresholds))
    }

    /// No face hash where it would be ties and edge pixels: eyes on one point, a face mostly
    /// outside the photo.
    @Test func noFaceHashForADegenerateFace() {
        let picture = RGBImage(width: 200, height: 200, pixels: [UInt8](repeating: 90, count: 200 * 200 * 3))
        func landmarks(eyesAt x: Double, _ y: Double, apart: Double) -> FaceLandmarks {
            FaceLandmarks(points: [
                Point(x: x - apart / 2 - 5, y: y), Point(x: x - apart / 2 + 5, y: y), Point(x: x + apart / 2 - 5, y: y),
                Point(x: x + apart / 2 + 5, y: y), Point(x: x, y: y + apart / 2),
            ])
        }
        #expect(NearDuplicateFingerprint(face: picture, landmarks: landmarks(eyesAt: 100, 100, apart: 0)) == nil)
        #expect(NearDuplicateFingerprint(face: picture, landmarks: landmarks(eyesAt: 190, 20, apart: 60)) == nil)
        #expect(NearDuplicateFingerprint(face: picture, landmarks: landmarks(eyesAt: 100, 80, apart: 40)) != nil)
    }
}
