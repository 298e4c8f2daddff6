import Foundation

/// The record a user accepts after reviewing an extraction: the whole `Brand`, sources, pages and
/// confidences as the extraction gave them (or `edited` where the review page changed them), every
/// value checked as an edit's would be. The logo comes as a file beside it, never in the JSON.
enum BrandReview {
    static func checked(_ json: Data) throws -> Brand {
        let brand: Brand
        do {
            brand = try JSONDecoder().decode(Brand.self, from: json)
        } catch {
            throw BrandValidation.invalid(
                "brand", "The brand is not a brand record: send the extraction's `brand`, edited or not.")
        }
        guard brand.palette.count <= Brand.maxColours else {
            throw BrandValidation.invalid("palette", "Keep at most \(Brand.maxColours) colours.")
        }
        var checked = brand
        checked.palette = try brand.palette.map { colour in
            var colour = colour
            colour.hex = try BrandValidation.hex(colour.hex)
            colour.name = try colour.name.map { try BrandValidation.text($0, field: "palette.name", maxLength: 60) }
            colour.confidence = colour.confidence.map(confidence)
            return colour
        }
        if let name = brand.name {
            checked.name?.value = try BrandValidation.text(name.value, field: "name", maxLength: 100, required: true)
            checked.name?.confidence = name.confidence.map(confidence)
        }
        for (font, field) in [(brand.fonts.heading, "fonts.heading"), (brand.fonts.body, "fonts.body")] {
            guard let font else { continue }
            _ = try BrandValidation.text(font.family, field: field, maxLength: 80, required: true)
            _ = try BrandValidation.text(font.fallback, field: field, maxLength: 80, required: true)
            if let weight = font.weight, !(100...900).contains(weight) {
                throw BrandValidation.invalid(field, "A font weight is between 100 and 900.")
            }
        }
        if let voice = brand.voice {
            checked.voice?.text = try BrandValidation.text(voice.text, field: "voice", maxLength: 500)
            checked.voice?.adjectives = try voice.adjectives.prefix(8).map {
                try BrandValidation.text($0, field: "voice.adjectives", maxLength: 40)
            }
        }
        if let audience = brand.audience {
            checked.audience?.value = try BrandValidation.text(audience.value, field: "audience", maxLength: 500)
        }
        if let guidelines = brand.guidelines {
            checked.guidelines?.dos = try guidelines.dos.prefix(10).map {
                try BrandValidation.text($0, field: "guidelines.dos", maxLength: 200)
            }
            checked.guidelines?.donts = try guidelines.donts.prefix(10).map {
                try BrandValidation.text($0, field: "guidelines.donts", maxLength: 200)
            }
            checked.guidelines?.tagline = try guidelines.tagline.map {
                try BrandValidation.text($0, field: "guidelines.tagline", maxLength: 120)
            }
        }
        checked.logo?.confidence = brand.logo?.confidence.map(confidence)
        return checked
    }

    static func confidence(_ value: Double) -> Double { value.isFinite ? min(1, max(0, value)) : 0 }
}
