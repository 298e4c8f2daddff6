import Foundation
import TestSupport
import Testing

@testable import Imaging

/// The stored copy's quicker path (`quickerBelow`): a large JPEG read by libjpeg at a fraction of
/// its scale comes out upright, a little under the asked side, and like the full decode.
@Suite(.enabled(if: FacePhotos.available, "../shared/testdata/faces is absent"))
struct QuickerDecodeTests {
    /// obama-1 at 4 times its size (3640×4548), stored turned a quarter with EXIF orientation 8.
    static func largeTurnedJPEG() throws -> [UInt8] {
        let upright = try EditableImage(bytes: try FacePhotos.bytes("obama-1.jpg")).resized(by: 4)
        return try upright.rotated(quarterTurns: 1).jpeg(quality: 92, exifOrientation: 8)
    }

    @Test func theShrinkKeepsNinetyPercentOfTheSide() {
        #expect(ImageDecoder.jpegShrink(longerSide: 4000, maxSide: 2048, share: 0.9) == 2)
        #expect(ImageDecoder.jpegShrink(longerSide: 8000, maxSide: 2048, share: 0.9) == 4)
        #expect(ImageDecoder.jpegShrink(longerSide: 3000, maxSide: 2048, share: 0.9) == nil)
        #expect(ImageDecoder.jpegShrink(longerSide: 4000, maxSide: 500, share: 0.9) == 8)
    }

    @Test func aLargeTurnedJPEGComesOutUprightAndAlike() throws {
        let bytes = try Self.largeTurnedJPEG()
        let quick = try ImageDecoder.decode(bytes: bytes, maxSide: 2048, quickerBelow: 0.9)
        let full = try ImageDecoder.decode(bytes: bytes, maxSide: 2048)
        #expect(quick.originalWidth == 3640 && quick.originalHeight == 4548)
        // Upright (portrait), under the side, and at least 90 % of it.
        #expect(quick.image.height > quick.image.width)
        #expect(quick.image.height <= 2048 && quick.image.height >= 1843, "\(quick.image.height)")
        // The same picture as the full decode, compared at one size.
        let a = try EditableImage(quick.image).resized(toWidth: 300, height: 375).rgb()
        let b = try EditableImage(full.image).resized(toWidth: 300, height: 375).rgb()
        #expect(meanAbsoluteDifference(a, b) < 4, "\(meanAbsoluteDifference(a, b))")
    }

    @Test func aSmallPhotoTakesTheUsualPath() throws {
        let photo = try ImageDecoder.decode(
            bytes: try FacePhotos.bytes("obama-1.jpg"), maxSide: 2048, quickerBelow: 0.9)
        #expect(photo.image.width == 910 && photo.image.height == 1137)
    }
}
