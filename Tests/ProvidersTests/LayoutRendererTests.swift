import Faces
import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct LayoutRendererTests {
    typealias F = StudioFixtures

    static let navy = DesignColour(hex: "#1B2A4A")!
    static let teal = DesignColour(hex: "#0F766E")!
    static let orange = DesignColour(hex: "#F97316")!

    static func spec(
        _ format: DesignFormat, title: String = "Bitcoin in 2027", layout: DesignSpec.Layout? = nil,
        from: DesignColour = navy, to: DesignColour = teal
    ) -> DesignSpec {
        DesignSpec(
            format: format, title: title, layout: layout ?? (format.isTall ? .stack : .split), personSide: .right,
            scenario: 2, backgroundFrom: from, backgroundTo: to, accent: orange, text: nil, font: "DejaVu Sans",
            fontFallback: "DejaVu Sans", showLogo: true, seed: 11)
    }

    static func render(_ spec: DesignSpec, logo: [UInt8]? = nil, name: String? = nil) throws -> DesignRender {
        let persona = try F.persona(F.obama)
        let references = ScenarioReferences.choose(for: PortraitScenario.all[spec.scenario], from: persona.references)
        let photos = try references.map { try ImageDecoder.readFile(atPath: $0.location) }
        let render = try LayoutRenderer.render(spec: spec, references: references, photos: photos, logo: logo)
        if let folder = ProcessInfo.processInfo.environment["DESIGNS_DIR"] {
            // For looking at the results: DESIGNS_DIR=/tmp/designs swift test --filter LayoutRendererTests
            let file = "\(name ?? spec.format.rawValue)-\(spec.layout.rawValue).png"
            try? Data(try render.image.png()).write(to: URL(fileURLWithPath: folder).appendingPathComponent(file))
        }
        return render
    }

    @Test(arguments: DesignFormat.allCases)
    func everyFormatIsItsExactSizeWithAReadableTitle(format: DesignFormat) throws {
        let render = try Self.render(Self.spec(format))
        #expect(render.image.width == format.size.width && render.image.height == format.size.height)
        let title = try #require(render.report.title)
        #expect(title.text == "Bitcoin in 2027" && !title.truncated)
        #expect(title.contrast >= 4.5, "\(format): contrast \(title.contrast)")
        let geometry = DesignGeometry(spec: Self.spec(format))
        #expect(geometry.titleBox.contains(title.box), "\(format): \(title.box) outside \(geometry.titleBox)")
    }

    @Test(arguments: [
        ("long", "The complete beginner's guide to investing in Bitcoin before 2027 arrives"),
        ("cjk", "比特币二〇二七年的完整指南"),
        ("arabic", "دليل البيتكوين الكامل لعام ٢٠٢٧"),
        ("emoji", "🚀 Bitcoin to the moon in 2027? 🔥"),
        ("unbreakable", String(repeating: "Supercalifragilistic", count: 8)),
    ])
    func titlesFitTheirBoxWhateverTheirLength(name: String, title: String) throws {
        for format in [DesignFormat.youtubeThumbnail, .story] {
            let spec = Self.spec(format, title: title)
            let render = try Self.render(spec, name: "\(name)-\(format.rawValue)")
            let report = try #require(render.report.title)
            let box = DesignGeometry(spec: spec).titleBox
            #expect(box.contains(report.box), "\(name) \(format): \(report.box) overflows \(box)")
            #expect(report.contrast >= 4.5, "\(name) \(format): \(report.contrast)")
            #expect(report.size >= 12)
            if !report.truncated { #expect(report.text == title) }
        }
    }

    @Test func aMidGreyBackdropGetsAPanelSoTheTitleStillReads() throws {
        // #777777: neither white (4.48:1) nor near-black (4.2:1) reaches AA on it.
        let grey = DesignColour(hex: "#777777")!
        let render = try Self.render(
            Self.spec(.youtubeThumbnail, from: grey, to: grey), name: "grey")
        let title = try #require(render.report.title)
        #expect(title.panel != nil)
        #expect(title.contrast >= 4.5, "\(title.contrast)")
    }

    @Test func theBrandColoursAreInThePicture() throws {
        let render = try Self.render(Self.spec(.instagramPost))
        let pixels = try render.image.rgb()
        func share(near colour: DesignColour) -> Double {
            var count = 0
            for i in stride(from: 0, to: pixels.pixels.count, by: 3) {
                let d =
                    abs(Double(pixels.pixels[i]) - colour.red) + abs(Double(pixels.pixels[i + 1]) - colour.green)
                    + abs(Double(pixels.pixels[i + 2]) - colour.blue)
                if d < 24 { count += 1 }
            }
            return Double(count) / Double(pixels.width * pixels.height)
        }
        #expect(share(near: Self.navy) > 0.01, "primary: \(share(near: Self.navy))")
        #expect(share(near: Self.teal) > 0.01, "secondary: \(share(near: Self.teal))")
        #expect(share(near: Self.orange) > 0.001, "accent: \(share(near: Self.orange))")
    }

    @Test(arguments: [DesignSpec.Layout.split, .stack, .band])
    func thePersonInTheDesignIsThePerson(layout: DesignSpec.Layout) throws {
        let persona = try F.persona(F.obama)
        let render = try Self.render(Self.spec(.instagramPost, layout: layout))
        let analysis = try #require(F.analyzer.analyze(photos: [("design", try render.image.jpeg())]).first)
        #expect(analysis.faceCount == 1)
        let embedding = try #require(analysis.embedding)
        let distance = embedding.distance(to: persona.identity)
        #expect(distance < FaceEmbedding.samePersonThreshold, "\(layout): \(distance)")
    }

    @Test func theLogoIsDrawnWithItsTransparency() throws {
        // A 200 × 80 orange bar on a transparent field.
        var rgba = [UInt8](repeating: 0, count: 200 * 80 * 4)
        for y in 20..<60 {
            for x in 10..<190 {
                let i = 4 * (y * 200 + x)
                rgba[i] = 249
                rgba[i + 1] = 115
                rgba[i + 2] = 22
                rgba[i + 3] = 255
            }
        }
        let logo = try EditableImage(rgbaWidth: 200, height: 80, pixels: rgba).png()
        let spec = Self.spec(.youtubeThumbnail)
        let render = try Self.render(spec, logo: logo, name: "logo")
        #expect(render.report.logo)
        var plain = spec
        plain.showLogo = false
        let without = try Self.render(plain).image.rgb()
        let with = try render.image.rgb()
        // Fitted into the logo box at its left: 200 × 80 becomes the box's height, 61 px.
        let box = DesignGeometry(spec: spec).logoBox
        let scale = Double(box.height) / 80
        func pixel(_ image: RGBImage, _ x: Double, _ y: Double) -> [Int] {
            let i = 3 * (Int(Double(box.y) + y * scale) * image.width + Int(Double(box.x) + x * scale))
            return (0..<3).map { Int(image.pixels[i + $0]) }
        }
        let bar = pixel(with, 100, 40)
        #expect(abs(bar[0] - 249) < 6 && abs(bar[1] - 115) < 6 && abs(bar[2] - 22) < 6, "the bar: \(bar)")
        // Its transparent corner shows the design as it is without the logo.
        let corner = pixel(with, 3, 5)
        let behind = pixel(without, 3, 5)
        #expect(zip(corner, behind).allSatisfy { abs($0 - $1) <= 2 }, "corner \(corner) vs \(behind)")
    }
}
