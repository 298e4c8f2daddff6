import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// A person photographed against the light keeps a pale rim along the jaw that no matte removes;
/// on a dark brand colour it read as a cut-out's edge (a tester's obama-3 thumbnail). The design's
/// backdrop then puts a glow behind the head, so the rim has a cause in the picture.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct DesignBacklightTests {
    @Test func aPersonLitFromBehindHasALightBehindTheHead() throws {
        let persona = try StudioFixtures.persona(StudioFixtures.obama)
        let backlights = persona.references.compactMap(\.backlight)
        let obama3 = try #require(persona.references.first { $0.location.hasSuffix("obama-3.jpg") })
        #expect(obama3.backlight?.isBacklit(among: backlights) == true)
        let spec = LayoutRendererTests.spec(.youtubeThumbnail)
        let geometry = DesignGeometry(spec: spec)
        let photo = try EditableImage(bytes: try ImageDecoder.readFile(atPath: obama3.location))
        func render(_ litFromBehind: Bool) throws -> RGBImage {
            try DesignPerson.render(
                photo: photo, reference: obama3, photoScale: 1, spec: spec, geometry: geometry,
                litFromBehind: litFromBehind
            ).rgb()
        }
        let (plain, lit) = (try render(false), try render(true))
        let (width, height) = spec.format.size
        let unit = geometry.eyeDistance * Double(height)
        let eyes = (x: geometry.eyeX * Double(width), y: geometry.eyeY * Double(height))
        func luma(_ image: RGBImage, _ x: Double, _ y: Double) -> Double {
            var sum = 0.0
            for dy in -10..<10 { for dx in -10..<10 { sum += image.luma(x: Int(x) + dx, y: Int(y) + dy) } }
            return sum / 400
        }
        // Beside the jaw, clear of the person, and in the far corner.
        let beside = (eyes.x - 2 * unit, eyes.y + 0.6 * unit)
        let (before, after) = (luma(plain, beside.0, beside.1), luma(lit, beside.0, beside.1))
        #expect(after > before + 25, "beside the jaw: \(before) → \(after)")
        #expect(abs(luma(lit, 20, 20) - luma(plain, 20, 20)) < 2, "the brand's colours elsewhere")
    }
}
