import Foundation
import Imaging
import TestSupport
import Testing

/// Photos re-encoded in other colour spaces, made here from the sRGB sample photos with libvips'
/// own profiles (Display P3, CMYK) and a wide-gamut and a grey profile built by `ICCProfile`.
enum ColourFixtures {
    static let photos = ["obama-1.jpg", "biden-1.jpg", "rose-leslie-1.jpg"]
    static let side = 500

    static func original(_ name: String) throws -> EditableImage { try EditableImage(bytes: FacePhotos.bytes(name)) }

    /// What the product reads from `bytes`, at the working size.
    static func decoded(_ bytes: [UInt8], maxSide: Int = side) throws -> DecodedPhoto {
        try ImageDecoder.decode(bytes: bytes, maxSide: maxSide)
    }

    /// The sRGB original at the same working size (it carries no profile: nothing to convert).
    static func reference(_ name: String, maxSide: Int = side) throws -> RGBImage {
        try decoded(try FacePhotos.bytes(name), maxSide: maxSide).image
    }

    static func deltaE(_ left: RGBImage, _ right: RGBImage) -> Double {
        left.meanColour().difference(to: right.meanColour())
    }

    /// Mean absolute difference per channel, in levels (the images have one size). The mean colour
    /// alone hides a P3 photo read as sRGB (its duller and brighter areas partly cancel out); this
    /// does not.
    static func meanAbsoluteDifference(_ left: RGBImage, _ right: RGBImage) -> Double {
        precondition(left.width == right.width && left.height == right.height, "one size")
        let total = zip(left.pixels, right.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        return Double(total) / Double(left.pixels.count)
    }

    static func describe(_ image: RGBImage) -> String {
        image.bandMeans().map { String(format: "%.1f", $0) }.joined(separator: ", ")
    }
}

@Suite(
    "Colour management: every photo decodes to the sRGB a colour-managed viewer shows",
    .enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct ColourProfileTests {
    typealias F = ColourFixtures

    @Test(arguments: F.photos)
    func displayP3PhotoDecodesToItsSRGBRendition(name: String) throws {
        let p3 = try F.original(name).encoded(in: .displayP3())
        let decoded = try F.decoded(try p3.jpeg(quality: 95, embeddingProfile: true))
        let reference = try F.reference(name)
        #expect(decoded.profile == .applied)
        let difference = F.deltaE(decoded.image, reference)
        let pixels = F.meanAbsoluteDifference(decoded.image, reference)
        print(
            "\(name) P3: ΔE00 \(String(format: "%.2f", difference)), \(String(format: "%.2f", pixels)) levels, "
                + F.describe(decoded.image))
        // Measured: ΔE00 ≤ 0.07 and ≤ 0.55 levels (JPEG re-encoding and 8-bit rounding in P3).
        #expect(difference < 0.3, "P3 \(name): mean \(F.describe(decoded.image)), sRGB \(F.describe(reference))")
        #expect(pixels < 1, "P3 \(name): \(pixels) levels from the sRGB original")
        // Read as sRGB (the bug), the same pixels are 1.8 to 3 levels off, ΔE00 0.5 to 1.9.
        let raw = try F.decoded(try p3.jpeg(quality: 95)).image
        #expect(F.meanAbsoluteDifference(raw, reference) > 1.5, "the fixture differs from sRGB")
    }

    /// What an iPhone writes: HEIC with a Display P3 profile.
    @Test func displayP3HEICDecodesToItsSRGBRendition() throws {
        let name = "obama-1.jpg"
        // 600 px: HEVC encoding is slow, and the mean colour does not depend on the size.
        let photo = try EditableImage(bytes: FacePhotos.bytes(name), maxSide: 600)
        let heic = try photo.encoded(in: .displayP3()).heic(quality: 90, embeddingProfile: true)
        #expect(ImageFormat.sniff(heic) == .heif)
        let decoded = try F.decoded(heic)
        let reference = try F.reference(name)
        #expect(decoded.profile == .applied)
        let difference = F.deltaE(decoded.image, reference)
        print("\(name) P3 HEIC: ΔE00 \(String(format: "%.2f", difference)), \(F.describe(decoded.image))")
        #expect(difference < 1, "P3 HEIC: mean \(F.describe(decoded.image)), sRGB \(F.describe(reference))")
    }

    @Test(arguments: F.photos)
    func wideGamutPhotoDecodesToItsSRGBRendition(name: String) throws {
        let wide = try F.original(name).encoded(in: .wideGamutRGB())
        let decoded = try F.decoded(try wide.jpeg(quality: 95, embeddingProfile: true))
        let reference = try F.reference(name)
        #expect(decoded.profile == .applied)
        let difference = F.deltaE(decoded.image, reference)
        print("\(name) wide gamut: ΔE00 \(String(format: "%.2f", difference)), \(F.describe(decoded.image))")
        #expect(difference < 2, "\(F.describe(decoded.image)) vs \(F.describe(reference))")
        // Measured: ≤ 1.04 levels; the same pixels read as sRGB are 8.7 to 14 levels off.
        #expect(F.meanAbsoluteDifference(decoded.image, reference) < 1.5)
        // The fixture means something: its pixels read as sRGB (the bug) are visibly duller.
        let raw = try F.decoded(try wide.jpeg(quality: 95)).image
        let rawDifference = F.deltaE(raw, reference)
        #expect(
            rawDifference > 2.5 && rawDifference > 5 * difference, "raw pixels \(F.describe(raw)): \(rawDifference)")
    }

    @Test func cmykPhotoWithAndWithoutProfileDecodesToItsRendition() throws {
        let name = "obama-1.jpg"
        let cmyk = try F.original(name).encoded(in: .cmyk())
        let tagged = try cmyk.jpeg(quality: 95, embeddingProfile: true)
        let untagged = try cmyk.jpeg(quality: 95)
        // The rendition a colour-managed viewer shows: lcms from the CMYK profile to sRGB, full size.
        let rendition = try cmyk.encoded(in: .srgb()).rgb()
        for (what, bytes, profile) in [("with", tagged, EmbeddedProfile.applied), ("without", untagged, .none)] {
            let decoded = try F.decoded(bytes)
            #expect(decoded.profile == profile, "CMYK \(what) a profile")
            let difference = F.deltaE(decoded.image, rendition)
            print("CMYK \(what) profile: ΔE00 \(String(format: "%.2f", difference)) \(F.describe(decoded.image))")
            #expect(difference < 2, "CMYK \(what) a profile: \(F.describe(decoded.image)) vs \(F.describe(rendition))")
            // CMYK's smaller gamut changes the picture a little, never wildly.
            #expect(F.deltaE(decoded.image, try F.reference(name)) < 6)
        }
    }

    @Test func untaggedGreyPhotoIsGreySRGB() throws {
        let grey = try F.original("biden-1.jpg").greyscale()
        let decoded = try F.decoded(try grey.jpeg(quality: 95))
        #expect(decoded.profile == .none)
        let pixels = decoded.image.pixels
        var coloured = 0
        for i in stride(from: 0, to: pixels.count, by: 3) where pixels[i] != pixels[i + 1] || pixels[i] != pixels[i + 2]
        {
            coloured += 1
        }
        #expect(coloured == 0, "every pixel has R = G = B")
        let expected = try grey.resized(by: Double(decoded.image.width) / Double(grey.width)).rgb()
        #expect(F.deltaE(decoded.image, expected) < 1)
    }

    @Test func greyPhotoWithAGreyProfileDecodesToItsLuminance() throws {
        let name = "biden-1.jpg"
        let profile = ICCProfile.grey(description: "Grey, gamma 1.8", gamma: 1.8)
        let grey = try F.original(name).encoded(in: profile)
        let decoded = try F.decoded(try grey.jpeg(quality: 95, embeddingProfile: true))
        #expect(decoded.profile == .applied)
        // Computed here, without lcms: each original pixel's relative luminance, as sRGB grey.
        let original = try F.reference(name)
        func linear(_ v: UInt8) -> Double {
            let c = Double(v) / 255
            return c <= 0.040_45 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        var greys: [UInt8] = []
        for i in stride(from: 0, to: original.pixels.count, by: 3) {
            let red: Double = 0.2126 * linear(original.pixels[i])
            let green: Double = 0.7152 * linear(original.pixels[i + 1])
            let blue: Double = 0.0722 * linear(original.pixels[i + 2])
            let y = red + green + blue
            let encoded: Double = y <= 0.003_130_8 ? 12.92 * y : 1.055 * pow(y, 1 / 2.4) - 0.055
            let byte = UInt8(min(255, max(0, (encoded * 255).rounded())))
            greys += [byte, byte, byte]
        }
        let expected = RGBImage(width: original.width, height: original.height, pixels: greys)
        let difference = F.deltaE(decoded.image, expected)
        print("grey, gamma 1.8 profile: ΔE00 \(String(format: "%.2f", difference)) \(F.describe(decoded.image))")
        #expect(difference < 2, "grey 1.8: \(F.describe(decoded.image)) vs \(F.describe(expected))")
        // Read as sRGB grey instead, gamma 1.8 pixels would be too dark.
        let raw = try F.decoded(try grey.jpeg(quality: 95)).image
        let rawDifference = F.deltaE(raw, expected)
        #expect(
            rawDifference > 1.5 && rawDifference > 5 * difference, "raw pixels \(F.describe(raw)): \(rawDifference)")
    }

    @Test func sixteenBitPNGIsConvertedBeforeItIsReducedTo8Bits() throws {
        let name = "obama-1.jpg"
        let png = try F.original(name).encoded(in: .displayP3(), depth: 16).png(embeddingProfile: true)
        // Full size, so no resampling hides how the samples were reduced.
        let decoded = try F.decoded(png, maxSide: 5_000)
        let reference = try F.reference(name, maxSide: 5_000)
        #expect(decoded.profile == .applied)
        #expect(decoded.image.width == reference.width && decoded.image.height == reference.height)
        // Reducing the 16-bit samples to 8 bits before the transform truncates them: about half a
        // level lower on some channels. Transformed at 16 bits, each mean stays within a tenth.
        let offsets = zip(decoded.image.bandMeans(), reference.bandMeans()).map { abs($0 - $1) }
        #expect(offsets.allSatisfy { $0 < 0.15 }, "band offsets \(offsets)")
        #expect(F.deltaE(try F.decoded(png).image, try F.reference(name)) < 1)
    }

    @Test(arguments: ["garbage", "truncated", "mangled", "cmyk-on-rgb"])
    func aProfileThatCannotBeUsedIsIgnoredAndThePhotoReadAsSRGB(kind: String) throws {
        let name = "rose-leslie-1.jpg"
        let p3 = try ICCProfile.displayP3().bytes
        let bytes: [UInt8]
        switch kind {
        case "garbage":
            var generator = SeededGenerator(seed: 11)
            bytes = (0..<600).map { _ in UInt8.random(in: 0...255, using: &generator) }
        case "truncated": bytes = Array(p3.prefix(200))
        case "mangled":
            // The header kept, the tag table and the tags overwritten.
            bytes = Array(p3.prefix(128)) + p3.dropFirst(128).map { $0 ^ 0x5A }
        default: bytes = try ICCProfile.cmyk().bytes
        }
        // libvips' savers drop a profile that does not fit, so the segment is written here.
        let plain = try F.original(name).jpeg(quality: 95)
        let photo = JPEGSegments.withICCProfile(plain, bytes)
        let decoded = try F.decoded(photo)
        #expect(decoded.profile == .ignored)
        let untagged = try F.decoded(plain)
        #expect(decoded.image == untagged.image, "read exactly as the same pixels without a profile")
        #expect(F.deltaE(decoded.image, try F.reference(name)) < 1)
        // Every other reader too.
        #expect(try EditableImage(bytes: photo, maxSide: 300).width > 0)
        #expect(try ImageSanitizer.strippedJPEG(from: photo, maxSide: 300).width > 0)
    }

    @Test func untaggedPhotoIsReadAsSRGBUnchanged() throws {
        let bytes = try FacePhotos.bytes("rose-leslie-1.jpg")
        let decoded = try F.decoded(bytes)
        #expect(decoded.profile == .none)
        #expect(decoded.image == (try EditableImage(bytes: bytes, maxSide: F.side).rgb()))
    }

    /// Most sample photos carry an sRGB profile; two carry Display P3 and one a ProPhoto (ROMM)
    /// profile, whose pixels the product read as sRGB before: they change, the others do not.
    @Test(arguments: [
        ("biden-1.jpg", 0.3), ("obama-1.jpg", 0.3), ("alex-lacamoire-2.png", 1.0), ("kit-harington-2.jpg", 4.0),
    ])
    func samplePhotosFollowTheirEmbeddedProfiles(name: String, atLeast: Double) throws {
        let bytes = try FacePhotos.bytes(name)
        let decoded = try F.decoded(bytes)
        #expect(decoded.profile == .applied)
        let raw = try F.decoded(JPEGSegments.withoutProfile(bytes, name: name)).image
        let difference = F.deltaE(decoded.image, raw)
        print("\(name): its profile moves the mean colour by ΔE00 \(String(format: "%.2f", difference))")
        if atLeast < 0.5 {
            #expect(difference < atLeast, "an sRGB profile changes next to nothing")
        } else {
            #expect(difference > atLeast, "a wider profile changes the colours")
        }
    }
}

/// Writing and removing a JPEG's ICC segment by hand, as a damaged or careless file would have it.
enum JPEGSegments {
    /// `jpeg` with `profile` (any bytes) in APP2 ICC_PROFILE segments after its SOI marker, split
    /// as the ICC specification says when it is larger than one segment holds.
    static func withICCProfile(_ jpeg: [UInt8], _ profile: [UInt8]) -> [UInt8] {
        let chunk = 65_519  // 65,535 less the length field and the 14-byte ICC_PROFILE header
        let count = (profile.count + chunk - 1) / chunk
        var segments: [UInt8] = []
        for index in 0..<count {
            let part = profile[(index * chunk)..<min(profile.count, (index + 1) * chunk)]
            let body = Array("ICC_PROFILE".utf8) + [0, UInt8(index + 1), UInt8(count)] + part
            segments += [0xFF, 0xE2, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body
        }
        return [0xFF, 0xD8] + segments + jpeg.dropFirst(2)
    }

    /// The same file without its profile: a PNG without its iCCP chunk, a JPEG without its APP2
    /// segments (the compressed pixels are untouched).
    static func withoutProfile(_ bytes: [UInt8], name: String) throws -> [UInt8] {
        if name.hasSuffix(".png") {
            var out = Array(bytes.prefix(8))
            var i = 8
            while i + 8 <= bytes.count {
                let length = bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) }
                let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
                if type != "iCCP" { out += bytes[i..<min(bytes.count, i + 12 + length)] }
                i += 12 + length
            }
            return out
        }
        var out: [UInt8] = [0xFF, 0xD8]
        var i = 2
        while i + 4 <= bytes.count, bytes[i] == 0xFF, bytes[i + 1] != 0xDA {
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if bytes[i + 1] != 0xE2 { out += bytes[i..<(i + 2 + length)] }
            i += 2 + length
        }
        return out + bytes[i...]
    }
}

@Suite("Stored copies are untagged sRGB with no metadata")
struct StoredColourTests {
    typealias F = ColourFixtures

    static func contains(_ bytes: [UInt8], _ marker: String) -> Bool {
        let needle = Array(marker.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func aP3UploadIsStoredAsUntaggedSRGBWithoutMetadata() throws {
        let name = "biden-1.jpg"
        let upload = try F.original(name).encoded(in: .displayP3()).jpeg(quality: 95, exifOrientation: 6)
        #expect(Self.contains(upload, "ICC_PROFILE") && Self.contains(upload, "Exif"), "the fixture carries both")
        #expect(try F.decoded(upload).profile == .applied)

        let stored = try ImageSanitizer.strippedJPEG(from: upload, maxSide: 800)
        for marker in ["ICC_PROFILE", "Exif", "http://ns.adobe.com/xap/1.0/"] {
            #expect(!Self.contains(stored.jpeg, marker), "the stored copy carries \(marker)")
        }
        let reread = try F.decoded(stored.jpeg, maxSide: 800)
        #expect(reread.profile == .none)
        // Orientation 6 turned the picture a quarter; its mean colour is that of the sRGB original.
        let reference = try F.reference(name, maxSide: 800)
        #expect(reread.image.width == reference.height && reread.image.height == reference.width)
        let difference = F.deltaE(reread.image, reference)
        print("stored P3 upload: ΔE00 \(String(format: "%.2f", difference)) \(F.describe(reread.image))")
        #expect(difference < 2, "\(F.describe(reread.image)) vs \(F.describe(reference))")
        // Its colourfulness too (a P3 photo read as sRGB loses about a tenth).
        #expect(abs(reread.image.meanChroma() - reference.meanChroma()) < 0.5)
    }

    /// A model's picture (FAL's portraits) is stored full size, untagged, in its format.
    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func aGeneratedPictureWithAProfileIsStoredAsUntaggedSRGB() throws {
        let name = "obama-2.jpg"
        let reference = try F.reference(name, maxSide: 4000)
        for (format, bytes) in [
            ("png", try F.original(name).encoded(in: .displayP3()).png(embeddingProfile: true)),
            ("jpeg", try F.original(name).encoded(in: .displayP3()).jpeg(quality: 95, embeddingProfile: true)),
        ] {
            let stored = try ImageSanitizer.untaggedSRGB(from: bytes)
            #expect(stored.contentType == "image/\(format)")
            #expect(!Self.contains(stored.bytes, "ICC_PROFILE") && !Self.contains(stored.bytes, "iCCP"), "\(format)")
            #expect(stored.width == reference.width && stored.height == reference.height, "full size")
            let reread = try F.decoded(stored.bytes, maxSide: 4000)
            #expect(reread.profile == .none)
            #expect(F.deltaE(reread.image, reference) < 2, "\(format): \(F.describe(reread.image))")
        }
    }

    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func encodedPicturesCarryNoProfileUnlessAFixtureAsksForIt() throws {
        let p3 = try F.original("obama-1.jpg").encoded(in: .displayP3())
        #expect(!Self.contains(try p3.jpeg(), "ICC_PROFILE"))
        #expect(!Self.contains(try p3.png(), "iCCP"))
        #expect(Self.contains(try p3.jpeg(embeddingProfile: true), "ICC_PROFILE"))
        #expect(Self.contains(try p3.png(embeddingProfile: true), "iCCP"))
    }
}

@Suite("CIELAB and CIEDE2000")
struct CIELabTests {
    /// Pairs from Sharma, Wu and Dalal's CIEDE2000 test data, with their published differences.
    @Test(arguments: [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ])
    func differenceMatchesThePublishedValues(
        first: (Double, Double, Double), second: (Double, Double, Double), expected: Double
    ) {
        let a = CIELab(l: first.0, a: first.1, b: first.2)
        let b = CIELab(l: second.0, a: second.1, b: second.2)
        #expect(abs(a.difference(to: b) - expected) < 0.0001)
        #expect(abs(b.difference(to: a) - expected) < 0.0001)
    }

    @Test func srgbConvertsToTheKnownLabValues() {
        let white = CIELab(srgbRed: 255, green: 255, blue: 255)
        #expect(abs(white.l - 100) < 0.01 && abs(white.a) < 0.01 && abs(white.b) < 0.01)
        let red = CIELab(srgbRed: 255, green: 0, blue: 0)
        #expect(abs(red.l - 53.24) < 0.05 && abs(red.a - 80.09) < 0.05 && abs(red.b - 67.20) < 0.05)
        #expect(CIELab(srgbRed: 0, green: 0, blue: 0).l == 0)
    }
}
