import Foundation

/// Checks on what people type into the brand: colours as sRGB `#RRGGBB`, and text without control
/// characters, within a length. Every refusal is `400 invalid_brand` naming the field.
enum BrandValidation {
    static func invalid(_ field: String, _ message: String) -> ServiceError {
        ServiceError(.badRequest, "invalid_brand", message, details: .object(["field": .string(field)]))
    }

    /// `#RRGGBB` upper-case, from `#rrggbb`, `rrggbb` or `#rgb`.
    static func hex(_ value: String) throws -> String {
        var digits = value.trimmingCharacters(in: .whitespaces)
        if digits.hasPrefix("#") { digits.removeFirst() }
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit) else {
            throw invalid("colors", "\"\(value.prefix(20))\" is not a colour: write it as #RRGGBB, e.g. #1A73E8.")
        }
        return "#" + digits.uppercased()
    }

    /// Trimmed text; control characters (NUL included) refused, emoji and joiners kept.
    static func text(_ value: String, field: String, maxLength: Int, required: Bool = false) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty { throw invalid(field, "The \(field) can't be empty.") }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            throw invalid(field, "The \(field) contains characters that can't be stored.")
        }
        guard trimmed.count <= maxLength else {
            throw invalid(field, "Keep the \(field) under \(maxLength) characters.")
        }
        return trimmed
    }

    /// "Friendly, bold, a bit nerdy" → ["friendly", "bold", "a bit nerdy"]: the short comma-separated
    /// parts of a voice description (a sentence is kept as text only).
    static func adjectives(_ voice: String) -> [String] {
        voice.split(whereSeparator: { ",;/".contains($0) || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ".!")) }
            .filter { !$0.isEmpty && $0.split(separator: " ").count <= 3 }
            .map { $0.lowercased() }
            .prefix(8).map { $0 }
    }
}
