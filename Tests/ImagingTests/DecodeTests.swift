import Foundation
import Imaging
import TestSupport
import Testing

@Suite("ImageDecoder decodes real photos: shrink on load, alpha, EXIF orientation")
struct DecodeTests {
    // Skipped only when ../shared/testdata/faces is absent on this machine.
    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func jpegShrinksOnLoadAndKeepsOriginalSize() throws {
        let photo = try ImageDecoder.decode(bytes: try FacePhotos.bytes("obama-1.jpg"), maxSide: 400)
        #expect(photo.format == .jpeg)
        #expect(photo.originalWidth == 910)
        #expect(photo.originalHeight == 1137)
        #expect(photo.image.height == 400)
        #expect(max(photo.image.width, photo.image.height) == 400)
        // Aspect ratio kept: 910 × 400 / 1137 ≈ 320.
        #expect(abs(photo.image.width - 320) <= 1, "width \(photo.image.width)")
        #expect(photo.image.pixels.count == photo.image.width * photo.image.height * 3)
        #expect(abs(photo.scale - 320.0 / 910.0) < 0.01)
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func smallPhotoIsNeverEnlarged() throws {
        let photo = try ImageDecoder.decode(bytes: try FacePhotos.bytes("obama-1.jpg"), maxSide: 5_000)
        #expect(photo.image.width == 910)
        #expect(photo.image.height == 1137)
        #expect(photo.scale == 1)
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func decodeFromFileMatchesDecodeFromBytes() throws {
        let fromFile = try ImageDecoder.decode(fileAt: FacePhotos.path("kit-harington-1.jpg"), maxSide: 300)
        let fromBytes = try ImageDecoder.decode(bytes: try FacePhotos.bytes("kit-harington-1.jpg"), maxSide: 300)
        #expect(fromFile.originalWidth == 1200 && fromFile.originalHeight == 599)
        #expect(fromFile.image == fromBytes.image)
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func pngWithAlphaDecodesToThreeChannels() throws {
        let photo = try ImageDecoder.decode(bytes: try FacePhotos.bytes("lin-manuel-miranda-1.png"), maxSide: 512)
        #expect(photo.format == .png)
        #expect(photo.originalWidth == 704 && photo.originalHeight == 612)
        #expect(photo.image.width == 512)
        #expect(photo.image.pixels.count == photo.image.width * photo.image.height * 3)
    }

    @Test func transparentPixelsAreFlattenedOntoWhite() throws {
        // 4×2 RGBA: left half opaque red, right half fully transparent black.
        var pixels: [UInt8] = []
        for _ in 0..<2 {
            for x in 0..<4 { pixels += x < 2 ? [255, 0, 0, 255] : [0, 0, 0, 0] }
        }
        let png = PNGBuilder.png(width: 4, height: 2, channels: 4, pixels: pixels)
        let photo = try ImageDecoder.decode(bytes: png, maxSide: 64)
        #expect(photo.image.width == 4 && photo.image.height == 2)
        #expect(Array(photo.image.pixels[0..<3]) == [255, 0, 0])
        #expect(Array(photo.image.pixels[9..<12]) == [255, 255, 255])
    }

    @Test func handBuiltRGBPNGDecodesExactly() throws {
        let width = 5
        let height = 3
        let pixels = (0..<(width * height * 3)).map { UInt8(($0 * 17) % 256) }
        let photo = try ImageDecoder.decode(
            bytes: PNGBuilder.png(width: width, height: height, channels: 3, pixels: pixels), maxSide: 64)
        #expect(photo.image == RGBImage(width: width, height: height, pixels: pixels))
    }

    @Test func webpDecodes() throws {
        // The smallest lossy WebP (1×1, grey 130) and lossless WebP (1×1, fully transparent).
        let lossy = try #require(Data(base64Encoded: "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA"))
        let lossless = try #require(Data(base64Encoded: "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="))

        let grey = try ImageDecoder.decode(bytes: [UInt8](lossy), maxSide: 64)
        #expect(grey.format == .webp)
        #expect(grey.image.width == 1 && grey.image.height == 1)
        #expect(grey.image.pixels.allSatisfy { abs(Int($0) - 130) <= 3 }, "\(grey.image.pixels)")

        let clear = try ImageDecoder.decode(bytes: [UInt8](lossless), maxSide: 64)
        #expect(clear.format == .webp)
        #expect(clear.image.pixels == [255, 255, 255], "transparent flattens onto white")
    }

    /// EXIF orientation semantics (checked empirically with libvips 8.14): orientation 8 says
    /// "the stored picture must be turned 90° counter-clockwise to be upright"; 6 says 90° clockwise.
    /// We store the upright photo turned a quarter clockwise, so orientation 8 restores it.
    static func quarterTurnedJPEG(orientation: Int) throws -> [UInt8] {
        let upright = try EditableImage(bytes: try FacePhotos.bytes("obama-1.jpg"))
        let turned = try upright.rotated(quarterTurns: 1)
        #expect(turned.width == 1137 && turned.height == 910)
        return try turned.jpeg(quality: 95, exifOrientation: orientation)
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func exifOrientationIsAppliedOnDecode() throws {
        let reference = try ImageDecoder.decode(bytes: try FacePhotos.bytes("obama-1.jpg"), maxSide: 300)
        let rotated = try ImageDecoder.decode(bytes: try Self.quarterTurnedJPEG(orientation: 8), maxSide: 300)

        #expect(rotated.originalWidth == 910)
        #expect(rotated.originalHeight == 1137)
        #expect(rotated.image.width == reference.image.width && rotated.image.height == reference.image.height)
        try #require(rotated.image.width == reference.image.width && rotated.image.height == reference.image.height)
        let difference = meanAbsoluteDifference(rotated.image, reference.image)
        #expect(difference < 12, "decoded picture differs from the upright original by \(difference)")
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func wrongOrientationIsVisiblyDifferent() throws {
        // Control for the test above: orientation 6 turns the picture the wrong way (upside down),
        // so the same comparison must see a large difference.
        let reference = try ImageDecoder.decode(bytes: try FacePhotos.bytes("obama-1.jpg"), maxSide: 300)
        let upsideDown = try ImageDecoder.decode(bytes: try Self.quarterTurnedJPEG(orientation: 6), maxSide: 300)
        #expect(upsideDown.originalWidth == 910 && upsideDown.originalHeight == 1137)
        try #require(
            upsideDown.image.width == reference.image.width && upsideDown.image.height == reference.image.height)
        #expect(meanAbsoluteDifference(upsideDown.image, reference.image) > 30)
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func editableImageLoadsUpright() throws {
        let image = try EditableImage(bytes: try Self.quarterTurnedJPEG(orientation: 8))
        #expect(image.width == 910 && image.height == 1137)
    }
}

@Suite("EditableImage operations write valid JPEG and PNG")
struct EditableImageTests {
    static func obama() throws -> EditableImage { try EditableImage(bytes: try FacePhotos.bytes("obama-1.jpg")) }

    func decodeJPEGAndPNG(_ image: EditableImage, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
        jpeg: DecodedPhoto, png: DecodedPhoto
    ) {
        let jpeg = try image.jpeg()
        let png = try image.png()
        #expect(ImageFormat.sniff(jpeg) == .jpeg, sourceLocation: sourceLocation)
        #expect(ImageFormat.sniff(png) == .png, sourceLocation: sourceLocation)
        return (
            try ImageDecoder.decode(bytes: jpeg, maxSide: 4_000), try ImageDecoder.decode(bytes: png, maxSide: 4_000)
        )
    }

    // Skipped only when ../shared/testdata/faces is absent on this machine.
    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func fullSizeLoad() throws {
        let image = try Self.obama()
        #expect(image.width == 910 && image.height == 1137)
        let rgb = try image.rgb()
        #expect(rgb.pixels.count == 910 * 1137 * 3)
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func geometricOperationsHaveTheExpectedSize() throws {
        let image = try Self.obama()
        let cases: [(String, EditableImage, Int, Int)] = [
            ("cropped", try image.cropped(left: 10, top: 20, width: 300, height: 200), 300, 200),
            ("quarter turn", try image.rotated(quarterTurns: 1), 1137, 910),
            ("half turn", try image.rotated(quarterTurns: 2), 910, 1137),
            ("placed", try image.placed(onCanvasWidth: 1200, height: 1400, x: 100, y: 50), 1200, 1400),
            ("resized", try image.resized(by: 0.5), 455, 569),
        ]
        for (name, edited, width, height) in cases {
            #expect(
                abs(edited.width - width) <= 1 && abs(edited.height - height) <= 1,
                "\(name): \(edited.width)×\(edited.height)")
            let decoded = try decodeJPEGAndPNG(edited)
            #expect(
                decoded.jpeg.originalWidth == edited.width && decoded.jpeg.originalHeight == edited.height, "\(name)")
            #expect(decoded.png.originalWidth == edited.width && decoded.png.originalHeight == edited.height, "\(name)")
        }
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func tonalOperations() throws {
        let image = try Self.obama().resized(by: 0.25)
        let flat = try decodeJPEGAndPNG(try image.adjusted(multiply: 0, add: 200))
        #expect(flat.png.image.pixels.allSatisfy { $0 == 200 })

        let darker = try image.adjusted(multiply: 0.3, add: 0).rgb()
        let original = try image.rgb()
        let meanOriginal = Double(original.pixels.reduce(0) { $0 + Int($1) }) / Double(original.pixels.count)
        let meanDarker = Double(darker.pixels.reduce(0) { $0 + Int($1) }) / Double(darker.pixels.count)
        #expect(abs(meanDarker - 0.3 * meanOriginal) < 2)

        let blurred = try image.blurred(sigma: 4)
        #expect(blurred.width == image.width && blurred.height == image.height)
        let blurredDecoded = try decodeJPEGAndPNG(blurred)
        #expect(blurredDecoded.png.image != original, "blur must change the pixels")

        let tilted = try image.rotated(degrees: 30)
        #expect(tilted.width > image.width, "a 30° turn enlarges the canvas")
        _ = try decodeJPEGAndPNG(tilted)
    }

    @Test func pngRoundTripIsLossless() throws {
        let pixels = (0..<(7 * 5 * 3)).map { UInt8(($0 * 37) % 256) }
        let original = RGBImage(width: 7, height: 5, pixels: pixels)
        let png = try EditableImage(original).png()
        #expect(ImageFormat.sniff(png) == .png)
        #expect(try ImageDecoder.decode(bytes: png, maxSide: 64).image == original)
        #expect(try EditableImage(bytes: png).rgb() == original)
    }

    @Test(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
    func jpegStripsMetadataUnlessAnOrientationIsGiven() throws {
        let exifMarker = Array("Exif".utf8) + [0, 0]
        let original = try FacePhotos.bytes("obama-1.jpg")
        #expect(contains(original, exifMarker), "obama-1.jpg carries EXIF")
        let image = try EditableImage(bytes: original).resized(by: 0.25)
        #expect(!contains(try image.jpeg(), exifMarker), "plain jpeg() strips all metadata")
        #expect(contains(try image.jpeg(exifOrientation: 3), exifMarker))
    }

    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}
