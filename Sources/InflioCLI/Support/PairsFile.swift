import ArgumentParser
import Foundation
import PersonaKit

/// The `--pairs` CSV: the first two columns of each row name two photos.
struct PairsFile {
    struct Row { let a, b, displayA, displayB: String }

    static func read(_ path: String, root: String?) throws -> [Row] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("Cannot read \(path).")
        }
        let base = root ?? (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : (base as NSString).appendingPathComponent(p) }
        var rows = String(decoding: data, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { cells(String($0)) }
            .filter { $0.count >= 2 && !$0[0].isEmpty }
        // A first row naming no existing file is a header.
        if let first = rows.first, !FileManager.default.fileExists(atPath: resolve(first[0])),
            !FileManager.default.fileExists(atPath: resolve(first[1]))
        {
            rows.removeFirst()
        }
        return rows.map { Row(a: resolve($0[0]), b: resolve($0[1]), displayA: $0[0], displayB: $0[1]) }
    }

    /// Splits one CSV line, honouring double-quoted cells.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(line)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" {
                    if chars.first == "\"" {
                        current.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
        }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }
}
