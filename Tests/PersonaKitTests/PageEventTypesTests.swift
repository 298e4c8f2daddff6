import Foundation
import Testing

@testable import PersonaKit

/// The persona page mirrors `PersonaEvent.Kind` in JavaScript (Public/js/persona-events.js): the
/// types it listens to, and a reducer handler for each. An event kind added here and not there
/// would reach the page and be dropped in silence; this keeps the two lists one.
struct PageEventTypesTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Public/js/persona-events.js")

    /// The quoted strings of the array literal that follows `marker`.
    static func strings(after marker: String, in source: String) throws -> [String] {
        let start = try #require(source.range(of: marker), "\(marker) is in persona-events.js")
        let body = source[start.upperBound...].drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
        return body.split(separator: ",").compactMap { entry in
            let text = entry.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.hasPrefix("\"") ? String(text.dropFirst().prefix { $0 != "\"" }) : nil
        }
    }

    @Test func thePageListensToEveryKindAndHandlesEach() throws {
        let source = try String(contentsOf: Self.script, encoding: .utf8)
        let kinds = PersonaEvent.Kind.allCases.map(\.rawValue)
        let listened = try Self.strings(after: "export const EVENT_TYPES =", in: source)
        #expect(listened == kinds, "EVENT_TYPES: \(listened)")
        let handlers = try Self.handlerKeys(in: source)
        #expect(
            Set(kinds).subtracting(handlers).isEmpty, "kinds without a handler: \(Set(kinds).subtracting(handlers))")
    }

    /// The keys of `const HANDLERS = { … };`, read line by line to its closing `};`.
    static func handlerKeys(in source: String) throws -> Set<String> {
        let start = try #require(source.range(of: "const HANDLERS = {"), "HANDLERS is in persona-events.js")
        let end = try #require(source[start.upperBound...].range(of: "\n};"))
        return Set(
            source[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line in
                // Top-level keys are indented by exactly two spaces.
                guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
                let key = line.dropFirst(2).prefix { $0.isLetter || $0 == "_" }
                return key.isEmpty ? nil : String(key)
            })
    }
}
