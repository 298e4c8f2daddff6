import Foundation

/// What a brand-guidelines PDF gave: a brand record to review (every field `source: pdf`, with its
/// page and confidence), the logo picture when one was found, and what could not be read.
public struct BrandExtraction: Encodable, Sendable {
    struct Logo: Encodable, Sendable {
        var width: Int
        var height: Int
        var page: Int
        var transparent: Bool
        var confidence: Double
        /// `data:image/png;base64,…`: shown on the review page, stored only when accepted.
        var dataURL: String
    }

    var brand: Brand
    var logo: Logo?
    public var pages: Int
    /// False for a scanned guideline: no words, so no fonts, voice or audience.
    public var textLayer: Bool
    public var warnings: [String]

    /// For `inflio brand extract` without `--json`.
    public var text: String {
        var lines: [String] = []
        lines.append(
            "Name:      \(brand.name.map { "\($0.value)  (page \($0.page ?? 1), confidence \($0.confidence ?? 0))" } ?? "—")"
        )
        lines.append("Pages:     \(pages)\(textLayer ? "" : " (no text layer)")")
        lines.append("Palette:")
        for colour in brand.palette {
            let name = colour.name.map { " \"\($0)\"" } ?? ""
            lines.append(
                "  \(colour.hex)  \(colour.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))\(name)  page \(colour.page ?? 0), confidence \(colour.confidence ?? 0)"
            )
        }
        if let heading = brand.fonts.heading {
            lines.append("Headings:  \(heading.family)\(heading.weight.map { " \($0)" } ?? "")")
        }
        if let body = brand.fonts.body {
            lines.append("Body:      \(body.family)\(body.weight.map { " \($0)" } ?? "")")
        }
        if let logo {
            lines.append(
                "Logo:      \(logo.width)×\(logo.height) px on page \(logo.page)\(logo.transparent ? ", transparent" : "")"
            )
        }
        if let voice = brand.voice { lines.append("Voice:     \(voice.text)") }
        if let audience = brand.audience { lines.append("Audience:  \(audience.value)") }
        if let guidelines = brand.guidelines {
            if let tagline = guidelines.tagline { lines.append("Tagline:   \(tagline)") }
            for line in guidelines.dos { lines.append("Do:        \(line)") }
            for line in guidelines.donts { lines.append("Don't:     \(line)") }
        }
        for warning in warnings { lines.append("Note:      \(warning)") }
        return lines.joined(separator: "\n")
    }
}
