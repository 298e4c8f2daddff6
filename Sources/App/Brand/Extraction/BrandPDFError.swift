import Foundation

/// Why a PDF gave no extraction. Each has a stable code and a sentence for the person who sent it.
enum BrandPDFError: Error, Equatable {
    /// The bytes do not start like a PDF (sniffed, whatever the file's name says).
    case notAPDF
    case tooLarge(bytes: Int)
    case tooManyPages(Int)
    case encrypted
    /// poppler could not read it (truncated, damaged).
    case unreadable(String)
    /// A program hit its time, memory or output limit: a PDF bomb, or one far too heavy to read.
    case pastLimits(String)
    /// poppler-utils is not installed (`scripts/setup.sh` installs it).
    case toolsMissing(String)

    static let maxBytes = 20 * 1024 * 1024
    static let maxPages = 40

    var code: String {
        switch self {
        case .notAPDF: "not_a_pdf"
        case .tooLarge, .tooManyPages, .pastLimits: "pdf_too_large"
        case .encrypted: "pdf_encrypted"
        case .unreadable: "pdf_unreadable"
        case .toolsMissing: "pdf_tools_missing"
        }
    }

    var message: String {
        switch self {
        case .notAPDF: "This file is not a PDF. Export the brand guidelines as a PDF and upload that."
        case .tooLarge(let bytes):
            "This PDF is \(bytes / 1_048_576) MB; the limit is \(Self.maxBytes / 1_048_576) MB. Export a smaller copy (fewer pages, compressed pictures)."
        case .tooManyPages(let pages):
            "This PDF has \(pages) pages; the limit is \(Self.maxPages). Upload the pages about colours, type, logo and voice."
        case .encrypted: "This PDF is password-protected. Save a copy without a password and upload that."
        case .unreadable: "This PDF could not be read: it may be damaged or cut short. Export it again and retry."
        case .pastLimits:
            "This PDF needs more time or memory to read than we allow (it may be built to be expensive). Export a simpler copy."
        case .toolsMissing(let program):
            "PDF reading is not installed on this server (\(program) from poppler-utils is missing). Run scripts/setup.sh."
        }
    }

    var reason: String? {
        switch self {
        case .unreadable(let detail), .pastLimits(let detail): detail
        default: nil
        }
    }
}

extension BrandPDFError: CustomStringConvertible {
    var description: String { "\(message) (\(code))" }
}
