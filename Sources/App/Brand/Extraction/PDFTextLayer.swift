import Foundation

/// The PDF's text as `pdftohtml -xml` lays it out: runs of text (about a line each) with their page,
/// position, size, font and colour. Everything the extraction reads from words comes from here.
struct PDFTextLayer: Sendable {
    struct Run: Sendable, Equatable {
        var page: Int
        var top: Double
        var left: Double
        var height: Double
        /// In pdftohtml's units (1.5 per point); only compared with other runs.
        var size: Double
        /// The PDF's font name, subset prefix and all (`AAAAAA+DejaVuSans-Bold`).
        var font: String
        var bold: Bool
        /// `#RRGGBB`, the text's fill.
        var colour: String
        var text: String
    }

    var runs: [Run]

    var isEmpty: Bool { runs.allSatisfy { $0.text.trimmingCharacters(in: .whitespaces).isEmpty } }

    /// Parses pdftohtml's XML line by line: it writes one `<fontspec>` or `<text>` element per line,
    /// which is all this reads (no DTD, no entities beyond XML's five and numeric ones).
    init(xml: String) {
        var fonts: [String: (size: Double, family: String, colour: String)] = [:]
        var page = 0
        var runs: [Run] = []
        for line in xml.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("<page ") {
                page = Int(Self.attribute("number", in: line) ?? "") ?? page + 1
            } else if line.hasPrefix("<fontspec ") {
                guard let id = Self.attribute("id", in: line) else { continue }
                fonts[id] = (
                    Double(Self.attribute("size", in: line) ?? "") ?? 0,
                    Self.attribute("family", in: line) ?? "",
                    (Self.attribute("color", in: line) ?? "#000000").uppercased()
                )
            } else if line.hasPrefix("<text "), let close = line.firstIndex(of: ">") {
                let head = String(line[..<close])
                var inner = String(line[line.index(after: close)...])
                if inner.hasSuffix("</text>") { inner.removeLast("</text>".count) }
                let font = fonts[Self.attribute("font", in: head) ?? ""]
                runs.append(
                    Run(
                        page: page, top: Double(Self.attribute("top", in: head) ?? "") ?? 0,
                        left: Double(Self.attribute("left", in: head) ?? "") ?? 0,
                        height: Double(Self.attribute("height", in: head) ?? "") ?? 0,
                        size: font?.size ?? 0, font: font?.family ?? "", bold: inner.contains("<b>"),
                        colour: font?.colour ?? "#000000", text: Self.plainText(inner)))
            }
        }
        let kept = runs.filter { !$0.text.isEmpty }
        truncated = kept.count > Self.maxRuns
        self.runs = Array(kept.prefix(Self.maxRuns))
    }

    /// Runs read at most: a real guideline has a few thousand; a crafted PDF can make pdftohtml
    /// write hundreds of thousands, which our own parsing must not spend minutes on.
    static let maxRuns = 20_000
    /// More runs than `maxRuns` were written; the rest were not read.
    var truncated = false

    init(runs: [Run]) { self.runs = runs }

    /// The size most characters are set in: the body text's.
    var bodySize: Double {
        var characters: [Double: Int] = [:]
        for run in runs { characters[run.size, default: 0] += run.text.count }
        return characters.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? 0
    }

    static func attribute(_ name: String, in element: String) -> String? {
        guard let start = element.range(of: " \(name)=\"") else { return nil }
        let rest = element[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return decodeEntities(String(rest[..<end]))
    }

    /// The run's words: inline tags (`<b>`, `<i>`, `<a …>`) dropped, entities decoded, spaces folded.
    static func plainText(_ inner: String) -> String {
        var text = ""
        var inTag = false
        for character in inner {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        return decodeEntities(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            rest = rest[amp...]
            guard let semi = rest.firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                result.append("&")
                rest = rest.dropFirst()
                continue
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": result.append("&")
            case "lt": result.append("<")
            case "gt": result.append(">")
            case "quot": result.append("\"")
            case "apos": result.append("'")
            default:
                let number =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += rest[...semi]
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return result + rest
    }
}
