/// The brand record's content, in the shape of `../shared/docs/BRAND.md`. Every field says where it
/// came from (`source`), so the review page can show it and an edit marks only what it touched.
struct Brand: Codable, Sendable, Equatable {
    enum Source: String, Codable, Sendable { case questionnaire, pdf, edited }

    enum Role: String, Codable, Sendable, CaseIterable { case primary, secondary, accent, background, text, other }

    struct Text: Codable, Sendable, Equatable {
        var value: String
        var source: Source
        var page: Int?
        var confidence: Double?
    }

    struct Colour: Codable, Sendable, Equatable {
        /// `#RRGGBB`, sRGB.
        var hex: String
        var role: Role
        var name: String?
        var source: Source
        var page: Int?
        var confidence: Double?
    }

    struct Font: Codable, Sendable, Equatable {
        var family: String
        var weight: Int?
        /// A family this machine can render, used where `family` is not installed.
        var fallback: String
        var source: Source
    }

    struct Fonts: Codable, Sendable, Equatable {
        var heading: Font?
        var body: Font?
    }

    struct Voice: Codable, Sendable, Equatable {
        var adjectives: [String]
        var text: String
        var source: Source
        var page: Int?
        var confidence: Double?
    }

    struct Guidelines: Codable, Sendable, Equatable {
        var dos: [String]
        var donts: [String]
        var tagline: String?
        var source: Source
        var page: Int?
        var confidence: Double?
    }

    /// The logo, a PNG (with its transparency) in the blob store under `key`.
    struct Logo: Codable, Sendable, Equatable {
        var key: String
        var width: Int
        var height: Int
        var source: Source
        var page: Int?
        var confidence: Double?
    }

    /// At most this many colours in the palette.
    static let maxColours = 8

    var name: Text?
    var palette: [Colour]
    var fonts: Fonts
    var voice: Voice?
    var audience: Text?
    var guidelines: Guidelines?
    var logo: Logo?
}
