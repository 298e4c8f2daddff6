import Vapor

/// Option B of sub-step 1.2: five quick questions. Written into the brand record as BRAND.md says:
/// the first colour is `primary`, the second `secondary`, the rest `accent`.
struct BrandQuestionnaire: Content {
    var name: String
    var colors: [String]
    var voice: String?
    var audience: String?
    var fonts: String?

    func brand() throws -> Brand {
        let name = try BrandValidation.text(name, field: "name", maxLength: 100, required: true)
        guard (1...5).contains(colors.count) else {
            throw BrandValidation.invalid("colors", "Pick between 1 and 5 colours.")
        }
        let hexes = try colors.map { try BrandValidation.hex($0) }
        let roles: [Brand.Role] = [.primary, .secondary]
        let palette = hexes.enumerated().map { index, hex in
            Brand.Colour(hex: hex, role: index < roles.count ? roles[index] : .accent, source: .questionnaire)
        }
        let voice = try BrandValidation.text(voice ?? "", field: "voice", maxLength: 500)
        let audience = try BrandValidation.text(audience ?? "", field: "audience", maxLength: 500)
        let fonts = try BrandValidation.text(fonts ?? "", field: "fonts", maxLength: 200)
        return Brand(
            name: .init(value: name, source: .questionnaire), palette: palette,
            fonts: BrandFonts.fromQuestionnaire(fonts),
            voice: voice.isEmpty
                ? nil : .init(adjectives: BrandValidation.adjectives(voice), text: voice, source: .questionnaire),
            audience: audience.isEmpty ? nil : .init(value: audience, source: .questionnaire),
            guidelines: nil)
    }
}
