import Foundation

/// The brand record as posit's `brand.yml`, and back (BRAND.md's mapping): `color.palette` holds
/// every colour by name; `primary`, `secondary` and `tertiary` name our primary, secondary and first
/// accent; `background` and `foreground` our background and text colours; `typography.base` and
/// `headings` the fonts; `meta.name` the name; `logo` the logo's file in the account export.
/// Export then import gives back the same colours, roles, fonts and name (a colour whose role is
/// `other` comes back as an accent: brand.yml has no word for it).
enum BrandYAML {
    static func export(_ brand: Brand) -> String {
        var lines = ["# brand.yml (https://posit-dev.github.io/brand-yml/), exported by Inflio Personas."]
        if let name = brand.name { lines += ["meta:", "  name: \(quoted(name.value))"] }
        if brand.logo != nil { lines.append("logo: brand-logo.png") }
        var keys: [String] = []
        if !brand.palette.isEmpty {
            lines += ["color:", "  palette:"]
            var counts: [Brand.Role: Int] = [:]
            for colour in brand.palette {
                counts[colour.role, default: 0] += 1
                var key =
                    colour.name
                    ?? (counts[colour.role]! == 1
                        ? colour.role.rawValue : "\(colour.role.rawValue)-\(counts[colour.role]!)")
                while keys.contains(key) { key += " 2" }
                keys.append(key)
                lines.append("    \(quoted(key)): \(quoted(colour.hex))")
            }
            func reference(_ word: String, _ index: Int?) {
                if let index { lines.append("  \(word): \(quoted(keys[index]))") }
            }
            reference("primary", brand.palette.firstIndex { $0.role == .primary })
            reference("secondary", brand.palette.firstIndex { $0.role == .secondary })
            reference("tertiary", brand.palette.firstIndex { $0.role == .accent })
            reference("background", brand.palette.firstIndex { $0.role == .background })
            reference("foreground", brand.palette.firstIndex { $0.role == .text })
        }
        if brand.fonts.heading != nil || brand.fonts.body != nil {
            lines.append("typography:")
            for (word, font) in [("base", brand.fonts.body), ("headings", brand.fonts.heading)] {
                guard let font else { continue }
                lines += ["  \(word):", "    family: \(quoted(font.family))"]
                if let weight = font.weight { lines.append("    weight: \(weight)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A brand.yml's colours, roles, fonts and name as a record (every field `edited`: the user
    /// brought them). What brand.yml holds beyond that is ignored.
    static func `import`(_ text: String) throws -> Brand {
        let root = try YAMLSubset.parse(text)
        let name = root["meta"]?["name"].flatMap { $0.scalar ?? $0["full"]?.scalar ?? $0["short"]?.scalar }
        var palette: [Brand.Colour] = []
        var keys: [String] = []
        let color = root["color"]
        for (key, value) in color?["palette"]?.entries ?? [] {
            guard let hex = value.scalar else { continue }
            let generated =
                key.range(
                    of: #"^(primary|secondary|accent|background|text|other)(-\d+)?$"#, options: .regularExpression)
                != nil
            palette.append(
                Brand.Colour(
                    hex: try BrandValidation.hex(hex), role: .accent,
                    name: generated ? nil : try BrandValidation.text(key, field: "palette.name", maxLength: 60),
                    source: .edited))
            keys.append(key)
        }
        for (word, role) in [
            ("primary", Brand.Role.primary), ("secondary", .secondary), ("tertiary", .accent),
            ("background", .background), ("foreground", .text),
        ] {
            guard let reference = color?[word]?.scalar else { continue }
            if let index = keys.firstIndex(of: reference) {
                palette[index].role = role
            } else {
                palette.append(Brand.Colour(hex: try BrandValidation.hex(reference), role: role, source: .edited))
                keys.append(reference)
            }
        }
        guard !palette.isEmpty else {
            throw BrandValidation.invalid(
                "brand.yml", "This brand.yml has no colours: write them under `color: palette:` as \"#RRGGBB\".")
        }
        guard palette.count <= Brand.maxColours else {
            throw BrandValidation.invalid("palette", "Keep at most \(Brand.maxColours) colours.")
        }
        func font(_ node: YAMLSubset.Node?) throws -> Brand.Font? {
            guard let node, let family = node.scalar ?? node["family"]?.scalar else { return nil }
            let weight = node["weight"]?.scalar.flatMap(Int.init)
            if let weight, !(100...900).contains(weight) {
                throw BrandValidation.invalid("fonts", "A font weight is between 100 and 900.")
            }
            return BrandFonts.font(
                family: try BrandValidation.text(family, field: "fonts", maxLength: 80, required: true), weight: weight,
                source: .edited)
        }
        let typography = root["typography"]
        return Brand(
            name: try name.map {
                Brand.Text(
                    value: try BrandValidation.text($0, field: "name", maxLength: 100, required: true), source: .edited)
            },
            palette: palette,
            fonts: Brand.Fonts(heading: try font(typography?["headings"]), body: try font(typography?["base"])),
            voice: nil, audience: nil, guidelines: nil)
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
