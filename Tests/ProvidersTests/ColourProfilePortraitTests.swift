import Faces
import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// The studio renderer works in sRGB: a portrait made from Display P3 photos (as a phone saves
/// them) matches the one made from sRGB copies of the same photos, and both are untagged sRGB.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct ColourProfilePortraitTests {
    typealias F = StudioFixtures

    /// The reference photos as sRGB copies, or re-encoded in Display P3 with the profile embedded.
    static func loader(p3: Bool) -> ReferenceLoader {
        { reference in
            let image = try EditableImage(bytes: ImageDecoder.readFile(atPath: reference.location))
            return p3
                ? try image.encoded(in: .displayP3()).jpeg(quality: 95, embeddingProfile: true)
                : try image.jpeg(quality: 95)
        }
    }

    static func render(_ request: PortraitRequest, p3: Bool) async throws -> GeneratedImage {
        let provider = LocalStudioProvider(loader: loader(p3: p3))
        return try await provider.result(requestId: try await provider.submit(request), request: request, partial: nil)
    }

    @Test(arguments: [PortraitScenario.all[0], PortraitScenario.all[2]])
    func aPortraitFromP3PhotosMatchesOneFromTheirSRGBCopies(scenario: PortraitScenario) async throws {
        let request = F.request(scenario, try F.persona(F.obama), seed: 21)
        let fromSRGB = try await Self.render(request, p3: false)
        let fromP3 = try await Self.render(request, p3: true)
        for portrait in [fromSRGB, fromP3] {
            #expect(try ImageDecoder.decode(bytes: portrait.bytes, maxSide: 64).profile == .none, "untagged sRGB")
        }
        let srgb = try ImageDecoder.decode(bytes: fromSRGB.bytes, maxSide: 512).image
        let p3 = try ImageDecoder.decode(bytes: fromP3.bytes, maxSide: 512).image
        let colour = p3.meanColour().difference(to: srgb.meanColour())
        let pixels = try Thumbnail(fromP3.bytes).meanAbsoluteDifference(to: try Thumbnail(fromSRGB.bytes))
        print(
            "\(scenario.id): portrait from P3 photos against sRGB copies: mean colour ΔE00 "
                + String(format: "%.2f, mean absolute difference %.2f levels", colour, pixels))
        #expect(colour < 1, "mean colour ΔE00 \(colour)")
        #expect(pixels < 2, "mean absolute difference \(pixels) levels (32×32)")
    }
}
