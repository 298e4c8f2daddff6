import Foundation
import Testing

@testable import App

/// Stored rows, signed links and the media route spell `/media/<id>` through MediaPath alone.
struct MediaPathTests {
    let id = UUID(uuidString: "6F1C2A4E-3B5D-4C7A-9E21-0A1B2C3D4E5F")!

    @Test func buildsALowerCasePath() {
        #expect(MediaPath(imageID: id).description == "/media/6f1c2a4e-3b5d-4c7a-9e21-0a1b2c3d4e5f")
    }

    @Test func parsesWhatItBuildsAndNothingElse() {
        #expect(MediaPath(MediaPath(imageID: id).description)?.imageID == id)
        #expect(MediaPath("/media/6F1C2A4E-3B5D-4C7A-9E21-0A1B2C3D4E5F")?.imageID == id)
        for bad in [
            "", "/media/", "/media/not-a-uuid", "media/\(id)", "/images/\(id)", "/media/\(id)/x", "//media/\(id)",
            "/media/\(id)?expires=1",
        ] {
            #expect(MediaPath(bad) == nil, "\(bad)")
        }
    }

    @Test func signedLinksStartWithThePath() throws {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("signer-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: key) }
        let url = try MediaSigner(keyFile: key, lifetime: 3600).url(for: id)
        #expect(url.hasPrefix(MediaPath(imageID: id).description + "?expires="))
    }
}
