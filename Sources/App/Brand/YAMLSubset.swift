import Foundation

/// The part of YAML that brand.yml files use for what we read: nested mappings by indentation,
/// plain and quoted scalars, comments. Sequences, flow collections and block scalars are skipped
/// (brand.yml keeps font files and logo variants there, which import does not read), as are lines
/// indented past the mapping they are in. A line that is not `key: value`, an unclosed quote or a
/// tab used to indent is refused with `invalid_brand` naming the line.
enum YAMLSubset {
    indirect enum Node: Sendable {
        case scalar(String)
        case mapping([(String, Node)])
        case other

        var scalar: String? { if case .scalar(let value) = self { value } else { nil } }
        var entries: [(String, Node)] { if case .mapping(let entries) = self { entries } else { [] } }
        subscript(key: String) -> Node? { entries.first { $0.0 == key }?.1 }
    }

    static let maxBytes = 64 * 1024

    static func parse(_ text: String) throws -> Node {
        guard text.utf8.count <= maxBytes else {
            throw BrandValidation.invalid("brand.yml", "A brand.yml is at most 64 KB.")
        }
        var lines: [(indent: Int, text: String, number: Int)] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let content = stripComment(String(line))
            guard !content.trimmingCharacters(in: .whitespaces).isEmpty, content != "---" else { continue }
            if content.hasPrefix("\t") { throw invalid(number, "tabs are not allowed for indentation") }
            let indent = content.prefix { $0 == " " }.count
            lines.append((indent, String(content.dropFirst(indent)), number + 1))
        }
        var index = 0
        return try mapping(&index, lines, indent: lines.first?.indent ?? 0)
    }

    private static func mapping(_ index: inout Int, _ lines: [(indent: Int, text: String, number: Int)], indent: Int)
        throws -> Node
    {
        var entries: [(String, Node)] = []
        while index < lines.count, lines[index].indent >= indent {
            let line = lines[index]
            if line.indent > indent || line.text.hasPrefix("- ") || line.text == "-" {
                index += 1  // a sequence's items, or deeper lines of a skipped node
                continue
            }
            guard let colon = keyColon(line.text) else { throw invalid(line.number - 1, "expected `key: value`") }
            let key = try scalar(String(line.text[..<colon]), line: line.number)
            let rest = line.text[line.text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            index += 1
            if rest.isEmpty {
                if index < lines.count, lines[index].indent > indent {
                    if lines[index].text.hasPrefix("-") {
                        entries.append((key, .other))
                    } else {
                        entries.append((key, try mapping(&index, lines, indent: lines[index].indent)))
                        continue
                    }
                } else {
                    entries.append((key, .scalar("")))
                }
            } else if rest.hasPrefix("[") || rest.hasPrefix("{") || rest.hasPrefix("|") || rest.hasPrefix(">") {
                entries.append((key, .other))
            } else {
                entries.append((key, .scalar(try scalar(rest, line: line.number))))
            }
        }
        return .mapping(entries)
    }

    /// The colon that ends a key: the first `: ` or final `:` outside quotes.
    private static func keyColon(_ text: String) -> String.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\" && open == "\"" {
                    index = text.index(after: index)
                } else if character == open {
                    quote = nil
                }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ":" {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " { return index }
            }
            if index < text.endIndex { index = text.index(after: index) }
        }
        return nil
    }

    private static func scalar(_ raw: String, line: Int) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("'") {
            guard text.count >= 2, text.hasSuffix("'") else { throw invalid(line - 1, "an unclosed quote") }
            return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        guard text.hasPrefix("\"") else { return text }
        guard text.count >= 2, text.hasSuffix("\"") else { throw invalid(line - 1, "an unclosed quote") }
        var out = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Drops a `#` comment that is not inside quotes (a colour's `#` is always quoted or follows
    /// a non-space, as in `"#1A73E8"` or `a#b`).
    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        var escaped = false
        for (offset, character) in line.enumerated() {
            if let open = quote {
                // In double quotes `\"` is a quote inside the text, not its end.
                if escaped {
                    escaped = false
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else if character == open {
                    quote = nil
                }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" && (previous == " " || offset == 0) {
                return String(line.prefix(offset))
            }
            previous = character
        }
        return line
    }

    private static func invalid(_ line: Int, _ why: String) -> ServiceError {
        BrandValidation.invalid("brand.yml", "brand.yml line \(line + 1) could not be read: \(why).")
    }
}
