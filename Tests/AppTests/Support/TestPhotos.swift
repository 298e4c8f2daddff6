import Foundation
import Imaging
import TestSupport

struct TestPhoto: Sendable {
    let name: String
    let bytes: [UInt8]
}

/// Real photos from ../shared/testdata/faces, and sets made from them.
enum TestPhotos {
    static func photo(_ name: String) -> TestPhoto {
        TestPhoto(name: name, bytes: [UInt8](FileManager.default.contents(atPath: FacePhotos.path(name)) ?? Data()))
    }

    /// The same picture mirrored: another usable photo of the person while the set is short (the
    /// samples hold only three distinct usable shots of anyone, the service needs five), flagged
    /// `mirrored_copy` as a user's mirror image would be.
    static func mirrored(_ name: String) throws -> TestPhoto {
        let flipped = try EditableImage(bytes: photo(name).bytes).rgb().mirrored()
        return TestPhoto(name: "mirrored-" + name, bytes: try EditableImage(flipped).jpeg(quality: 92))
    }

    /// Six usable photos of one person.
    static func obamaSet() throws -> [TestPhoto] {
        let originals = ["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"]
        return originals.map(photo) + (try originals.map(mirrored))
    }

    /// A plain grey picture: an image without any face.
    static func faceless(width: Int = 640, height: Int = 480) throws -> [UInt8] {
        try EditableImage(
            RGBImage(width: width, height: height, pixels: [UInt8](repeating: 128, count: width * height * 3))
        ).jpeg()
    }
}
