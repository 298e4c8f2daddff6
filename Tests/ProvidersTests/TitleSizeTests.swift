import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// "Bigger title" and "smaller title" (`DesignSpec.titleScale`) scale the size the title fits its
/// box at. They had scaled only the largest size allowed: "Hello" on a square post, which its box
/// holds at less than that, came out byte for byte the same after two "bigger"s, each answered
/// "Changed: bigger title.".
@Suite("A title asked bigger or smaller")
struct TitleSizeTests {
    typealias L = LayoutRendererTests

    static func sizes(_ title: String, _ format: DesignFormat, scale: Double) throws -> (
        fitted: Int, maxSize: Double, asked: Int?
    ) {
        var spec = L.spec(format, title: title)
        let geometry = DesignGeometry(spec: spec)
        let fitted = try TitleCompositor.fit(
            title, family: "DejaVu Sans", box: geometry.titleBox, maxSize: geometry.maxTitleSize,
            alignment: geometry.titleAlignment
        ).1
        spec.titleScale = scale
        let (maxSize, asked) = try LayoutRenderer.titleSize(spec: spec, geometry: geometry, family: "DejaVu Sans")
        return (fitted, maxSize, asked)
    }

    @Test func smallerIsSmallerWhateverTheBoxHeld() throws {
        let (fitted, maxSize, asked) = try Self.sizes("Hello", .instagramPost, scale: 0.8)
        #expect(fitted < Int(DesignGeometry(spec: L.spec(.instagramPost, title: "Hello")).maxTitleSize))
        #expect(Int(maxSize) == Int((Double(fitted) * 0.8).rounded()))
        #expect(asked == nil)
    }

    @Test func biggerAsksForMoreThanTheTitleFitAt() throws {
        let (fitted, maxSize, asked) = try Self.sizes("Chips in 2027", .youtubeThumbnail, scale: 1.25)
        #expect(asked == Int((Double(fitted) * 1.25).rounded()))
        #expect(maxSize == Double(try #require(asked)))
        // At scale 1 nothing is asked.
        #expect(try Self.sizes("Chips in 2027", .youtubeThumbnail, scale: 1).asked == nil)
    }

    /// Rendered: a title with room grows; one its box holds already says it could not, instead of
    /// only "Changed: bigger title.".
    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func biggerGrowsOrSaysWhyNot() throws {
        var roomy = L.spec(.youtubeThumbnail, title: "Chips in 2027")
        let before = try #require(try L.render(roomy).report.title).size
        roomy.titleScale = 1.25
        let grown = try L.render(roomy)
        #expect(try #require(grown.report.title).size > before)

        var full = L.spec(.instagramPost, title: "Hello")
        full.titleScale = 1.25
        let held = try L.render(full)
        let size = try #require(held.report.title).size
        let note = held.report.notes.first { $0.hasPrefix("The title fills its space") }
        #expect(
            note
                == "The title fills its space: it is set at \(size) px, not the \(try #require(try Self.sizes("Hello", .instagramPost, scale: 1.25).asked)) px asked for. A shorter title can be set bigger."
        )
    }
}
