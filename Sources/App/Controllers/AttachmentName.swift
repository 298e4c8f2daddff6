import Foundation

/// A download's `Content-Disposition`: a name typed by the user (a persona's, a design's title)
/// made a file name, as typed for a client that reads RFC 6266's UTF-8 form, and its ASCII letters
/// and digits in the plain one (a name in another script alone gives `fallback`).
enum AttachmentName {
    static func header(_ name: String, fallback: String, suffix: String) -> String {
        let slug = AccountExport.slug(name)
        let ascii = String(slug.unicodeScalars.filter(\.isASCII).map(Character.init))
            .split(separator: "-").joined(separator: "-")
        let encoded = slug.addingPercentEncoding(withAllowedCharacters: attributeCharacters) ?? fallback
        return "attachment; filename=\"\(ascii.isEmpty ? fallback : ascii)\(suffix)\"; "
            + "filename*=UTF-8''\(encoded)\(suffix)"
    }

    /// RFC 5987's attr-char less the rarely safe ones: ASCII letters, digits and `-._~`.
    static let attributeCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
