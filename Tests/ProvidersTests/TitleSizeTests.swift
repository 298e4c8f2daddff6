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

    /// The size the title fits its box at, and what `titleSize` gives at `scale`.
    static func sizes(_ title: String, _ format: DesignFormat, scale: Double) throws -> (
        fitted: Int, maxSize: Double, reported: Int?
    ) {
        var spec = L.spec(format, title: title)
        let geometry = DesignGeometry(spec: spec)
        let fitted = try TitleCompositor.fit(
            title, family: "DejaVu Sans", box: geometry.titleBox, maxSize: geometry.maxTitleSize,
            alignment: geometry.titleAlignment
        ).1
        spec.titleScale = scale
        let (maxSize, reported) = try LayoutRenderer.titleSize(spec: spec, geometry: geometry, family: "DejaVu Sans")
        return (fitted, maxSize, reported)
    }

    @Test func smallerIsSmallerWhateverTheBoxHeld() throws {
        let (fitted, maxSize, reported) = try Self.sizes("Hello", .instagramPost, scale: 0.8)
        #expect(fitted < Int(DesignGeometry(spec: L.spec(.instagramPost, title: "Hello")).maxTitleSize))
        #expect(Int(maxSize) == Int((Double(fitted) * 0.8).rounded()))
        #expect(reported == fitted)
    }

    @Test func biggerAsksForMoreThanTheTitleFitAt() throws {
        let (fitted, maxSize, _) = try Self.sizes("Chips in 2027", .youtubeThumbnail, scale: 1.25)
        #expect(Int(maxSize) == Int((Double(fitted) * 1.25).rounded()))
        // At scale 1 the layout's own largest size, and no fitted size to report.
        let plain = try Self.sizes("Chips in 2027", .youtubeThumbnail, scale: 1)
        #expect(plain.reported == nil)
        #expect(plain.maxSize == DesignGeometry(spec: L.spec(.youtubeThumbnail)).maxTitleSize)
    }

    /// Rendered: a title with room grows; one its box holds already says it could not, instead of
    /// only "Changed: bigger title.", and the next refinement starts from the size it reached, so
    /// a "smaller" after it is smaller.
    @Test(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
    func biggerGrowsOrSaysWhyNotAndSmallerFollows() throws {
        var roomy = L.spec(.youtubeThumbnail, title: "Chips in 2027")
        let before = try #require(try L.render(roomy).report.title).size
        roomy.titleScale = 1.25
        let grown = try L.render(roomy)
        #expect(try #require(grown.report.title).size > before)

        // Two "bigger"s on a title its box holds.
        var full = L.spec(.instagramPost, title: "Hello")
        full.titleScale = 1.25 * 1.25
        let held = try L.render(full)
        let size = try #require(held.report.title).size
        // (What was asked is measured in the box as cleared of the person, which this test does
        // not redo: the note's figure is checked to be more than what was set.)
        let note = try #require(
            held.report.notes.first { $0.hasPrefix("The title fills its space: it is set at \(size) px, not the ") },
            "\(held.report.notes)")
        #expect(note.hasSuffix(" px asked for. A shorter title can be set bigger."), "\(note)")
        let asked = note.split(separator: " ").compactMap { Int($0) }.last ?? 0
        #expect(asked > size, "\(note)")
        let reached = try #require(held.report.titleScale)
        #expect(reached < full.titleScale)

        // Then "smaller", from the spec settled to what came out.
        var next = full.settled(to: held.report)
        #expect(next.titleScale == reached)
        _ = DesignInstruction.apply("make the title smaller", to: &next, palette: [])
        let smaller = try L.render(next)
        #expect(try #require(smaller.report.title).size < size)
        #expect(smaller.report.notes.allSatisfy { !$0.hasPrefix("The title fills its space") })
    }
}
