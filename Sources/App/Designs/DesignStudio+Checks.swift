import Fluent
import Foundation
import PersonaKit
import Providers
import Vapor

/// What the studio accepts from a user: its errors, and the prompt, title and instruction checks.
extension DesignStudio {
    static let busy = ServiceError(
        .conflict, "design_busy", "A version of this design is still being made; wait for it.")

    /// Text from the user (a prompt, an instruction): trimmed, at least one visible character, no
    /// control or format characters (NUL, bidi overrides, zero-width marks), and at most `limit`
    /// Unicode scalars: a limit in grapheme clusters would let one "character" carry thousands of
    /// combining marks into the text shaper.
    static func checkedText(_ raw: String, limit: Int, field: String, empty: (code: String, message: String)) throws
        -> String
    {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace && !Self.invisible($0) }) else {
            throw invalid(empty.code, empty.message)
        }
        guard text.unicodeScalars.count <= limit else {
            throw invalid("\(field)_too_long", "The \(field) is at most \(limit) characters.")
        }
        guard !text.unicodeScalars.contains(where: Self.invisible) else {
            throw invalid("invalid_\(field)", "The \(field) cannot hold control or invisible formatting characters.")
        }
        return text
    }

    /// A title, from the field or from quotes: the same rules, on one line.
    static func checkedTitle(_ raw: String) throws -> String {
        let title = try checkedText(
            raw, limit: maxTitle, field: "title", empty: ("invalid_title", "The title is empty."))
        guard !title.contains(where: \.isNewline) else {
            throw invalid("invalid_title", "A title is one line.")
        }
        return title
    }

    static func invisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control: scalar != "\n" && scalar != "\t"
        case .format: scalar.value != 0x200D  // the zero-width joiner holds emoji sequences together
        default: false
        }
    }

    static func invalid(_ code: String, _ message: String) -> ServiceError {
        ServiceError(.unprocessableEntity, code, message)
    }

    /// Announces a queued version on the persona's stream and wakes the worker.
}
