import Vapor

/// `PATCH /api/brand`: any subset of the fields. Each field sent replaces that field and becomes
/// `source: "edited"`; the others are left exactly as they were.
struct BrandEdit: Content {
    struct Colour: Content {
        var hex: String
        var role: Brand.Role
        var name: String?
    }

    struct Font: Content {
        var family: String
        var weight: Int?
    }

    struct Fonts: Content {
        var heading: Font?
        var body: Font?
    }

    struct Voice: Content {
        var adjectives: [String]?
        var text: String
    }

    struct Guidelines: Content {
        var dos: [String]?
        var donts: [String]?
        var tagline: String?
    }

    var name: String?
    var palette: [Colour]?
    var fonts: Fonts?
    var voice: Voice?
    var audience: String?
    var guidelines: Guidelines?

    func applied(to brand: Brand) throws -> Brand {
        var brand = brand
        if let name {
            brand.name = .init(
                value: try BrandValidation.text(name, field: "name", maxLength: 100, required: true), source: .edited)
        }
        if let palette {
            guard (1...Brand.maxColours).contains(palette.count) else {
                throw BrandValidation.invalid("palette", "Keep between 1 and \(Brand.maxColours) colours.")
            }
            brand.palette = try palette.map { colour in
                Brand.Colour(
                    hex: try BrandValidation.hex(colour.hex), role: colour.role,
                    name: try colour.name.map { try BrandValidation.text($0, field: "palette.name", maxLength: 60) },
                    source: .edited)
            }
        }
        if let fonts {
            /// The family as edited; the weight as given, else the one kept for that family (the
            /// edit form shows the family alone, and saving it untouched dropped "Montserrat 700"
            /// to "Montserrat").
            func font(_ font: Font?, _ field: String, was: Brand.Font?) throws -> Brand.Font? {
                guard let font else { return nil }
                let typed = try BrandValidation.text(font.family, field: field, maxLength: 80, required: true)
                if let weight = font.weight, !(100...900).contains(weight) {
                    throw BrandValidation.invalid(field, "A font weight is between 100 and 900.")
                }
                // A weight typed after the family is the weight ("Montserrat semi bold" was stored
                // as a family of that name, the 600 kept before dropped).
                let (family, written) = BrandFonts.splitWeight(typed)
                let kept = was.flatMap { $0.family.lowercased() == family.lowercased() ? $0.weight : nil }
                return BrandFonts.font(family: family, weight: font.weight ?? written ?? kept, source: .edited)
            }
            brand.fonts = Brand.Fonts(
                heading: try font(fonts.heading, "fonts.heading", was: brand.fonts.heading) ?? brand.fonts.heading,
                body: try font(fonts.body, "fonts.body", was: brand.fonts.body) ?? brand.fonts.body)
        }
        if let voice {
            let text = try BrandValidation.text(voice.text, field: "voice", maxLength: 500)
            let adjectives = try (voice.adjectives ?? BrandValidation.adjectives(text)).map {
                try BrandValidation.text($0, field: "voice.adjectives", maxLength: 40)
            }
            brand.voice = .init(adjectives: adjectives, text: text, source: .edited)
        }
        if let audience {
            brand.audience = .init(
                value: try BrandValidation.text(audience, field: "audience", maxLength: 500), source: .edited)
        }
        if let guidelines {
            func lines(_ lines: [String]?, _ field: String) throws -> [String] {
                try (lines ?? []).map { try BrandValidation.text($0, field: field, maxLength: 200) }
                    .filter { !$0.isEmpty }
            }
            brand.guidelines = .init(
                dos: try lines(guidelines.dos, "guidelines.dos"),
                donts: try lines(guidelines.donts, "guidelines.donts"),
                tagline: try guidelines.tagline.map {
                    try BrandValidation.text($0, field: "guidelines.tagline", maxLength: 120)
                },
                source: .edited)
        }
        return brand
    }
}
