import Foundation
import Imaging
import Testing

@testable import Providers

/// A title is set in the brand's heading weight (`DesignSpec.fontWeight`): a brand whose headings
/// are "Montserrat 300" had every title in bold, the one weight the renderer knew.
@Suite("A title in the brand's weight")
struct TitleWeightTests {
    /// The share of the ink's box the letters cover: a light face covers less.
    static func coverage(weight: Int?) throws -> Double {
        let (mask, _, _, _) = try TitleCompositor.fit(
            "Ship it today", family: "DejaVu Sans", weight: weight,
            box: DesignGeometry.Box(x: 0, y: 0, width: 900, height: 200),
            maxSize: 80)
        let bytes = try mask.greyBytes()
        return Double(bytes.reduce(0) { $0 + Int($1) }) / Double(255 * bytes.count)
    }

    @Test func aLightHeadingIsSetLight() throws {
        let bold = try Self.coverage(weight: nil)
        let light = try Self.coverage(weight: 200)
        let regular = try Self.coverage(weight: 400)
        #expect(
            light < 0.7 * regular && regular < 0.85 * bold, "coverage: light \(light), regular \(regular), bold \(bold)"
        )
        #expect(try Self.coverage(weight: 700) == bold)
    }

    @Test func weightsAreNamedAsPangoReadsThem() {
        #expect(TitleCompositor.face("Inter", weight: nil) == "Inter Bold")
        #expect(TitleCompositor.face("Inter", weight: 300) == "Inter Light")
        #expect(TitleCompositor.face("Inter", weight: 600) == "Inter Semi-Bold")
        #expect(TitleCompositor.face("Inter", weight: 900) == "Inter Heavy")
    }

    /// The brand's weight reaches the spec a design is drawn from.
    @Test func theBrandsWeightReachesTheSpec() {
        let brand = DesignBrand(
            colours: [("#1E293B", .primary)], font: "DejaVu Sans", fontFallback: "DejaVu Sans", fontWeight: 300,
            hasLogo: false)
        let spec = DesignSpec.initial(format: .youtubeThumbnail, prompt: "\"Hello\"", title: nil, brand: brand, seed: 1)
        #expect(spec.fontWeight == 300)
    }
}
