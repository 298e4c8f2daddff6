import Foundation
import PersonaKit
import Testing

@testable import App

/// Public/openapi.json, read once, and what the tests check against it: which operation a
/// request was, and whether a JSON answer fits the schema the document gives for its status (a
/// small JSON Schema reader: the keywords the document uses: `$ref`, `type`, `properties`,
/// `additionalProperties` (as a schema), `required`, `items`, `enum`, `const`, `anyOf`, `oneOf`
/// (read as `anyOf`), `allOf`, `minimum`, `maximum`, `minLength`, `maxLength`, `minItems`,
/// `maxItems`, and the formats `uuid` and `date-time`), and that an error's code is one the
/// document lists. Not checked: headers, and answers that are not JSON (images, the ZIP, events).
struct OpenAPIContract: Sendable {
    static let shared: OpenAPIContract = {
        let url = URL(fileURLWithPath: WebAssets.directory + "openapi.json")
        let data = try! Data(contentsOf: url)
        return OpenAPIContract(document: try! JSONDecoder().decode(JSONValue.self, from: data))
    }()

    let document: JSONValue

    /// Every documented (method, path), the path's parameters written `{}`.
    var operations: Set<String> {
        guard case .object(let paths) = document["paths"] else { return [] }
        var found: Set<String> = []
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for method in methods.keys { found.insert("\(method.uppercased()) \(Self.shape(path))") }
        }
        return found
    }

    /// `/api/personas/{personaId}` → `/api/personas/{}`.
    static func shape(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("{") && $0.hasSuffix("}") ? "{}" : String($0) }.joined(separator: "/")
    }

    /// The documented path a concrete one matches (`/api/personas/7F…` → `/api/personas/{personaId}`).
    func operation(_ method: String, _ path: String) -> JSONValue? {
        guard case .object(let paths) = document["paths"] else { return nil }
        let bare = path.firstIndex(of: "?").map { path[..<$0] } ?? Substring(path)
        let segments = bare.split(separator: "/", omittingEmptySubsequences: false)
        var best: (JSONValue, Int)? = nil
        for (template, item) in paths {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count, let op = item[method.lowercased()] else { continue }
            var literal = 0
            var matches = true
            for (part, segment) in zip(parts, segments) {
                // A parameter takes a whole, non-empty segment (Vapor drops empty ones).
                if part.hasPrefix("{") {
                    if segment.isEmpty {
                        matches = false
                        break
                    }
                    continue
                }
                if part != segment {
                    matches = false
                    break
                }
                literal += 1
            }
            // The most literal match wins: `/api/personas/create` over `/api/personas/{personaId}`.
            if matches, literal > (best?.1 ?? -1) { best = (op, literal) }
        }
        return best?.0
    }

    /// What is wrong with an answer, by the document (empty: nothing).
    func problems(method: String, path: String, status: Int, contentType: String?, body: [UInt8]) -> [String] {
        let at = "\(method) \(path) → \(status)"
        guard let op = operation(method, path) else {
            // A test asking for a route that does not exist gets the 404 any unknown path gets.
            return status == 404 ? [] : ["\(at): no such operation in openapi.json"]
        }
        guard let response = resolve(op["responses"]?[String(status)] ?? op["responses"]?["default"] ?? .null),
            response != .null
        else { return ["\(at): status \(status) is not documented"] }
        guard contentType?.hasPrefix("application/json") == true, !body.isEmpty else { return [] }
        guard let schema = response["content"]?["application/json"]?["schema"] else {
            return ["\(at): a JSON answer where the document gives none"]
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
            return ["\(at): the answer is not JSON"]
        }
        var problems = check(value, against: schema, at: "$").map { "\(at): \($0)" }
        if status >= 400, case .array(let codes) = response["x-error-codes"] ?? .null,
            case .string(let code) = value["error"]?["code"] ?? .null, !codes.contains(.string(code))
        {
            problems.append("\(at): error code `\(code)` is not listed for this status")
        }
        return problems
    }

    /// Follows a `$ref` (`#/components/…`).
    func resolve(_ value: JSONValue) -> JSONValue? {
        guard case .string(let ref) = value["$ref"] ?? .null else { return value }
        var node: JSONValue? = document
        for key in ref.dropFirst(2).split(separator: "/") { node = node?[String(key)] }
        return node.flatMap(resolve)
    }

    func check(_ value: JSONValue, against raw: JSONValue, at path: String) -> [String] {
        guard let schema = resolve(raw) else { return ["\(path): unresolvable schema"] }
        var problems: [String] = []
        if case .array(let all) = schema["allOf"] ?? .null {
            for part in all { problems += check(value, against: part, at: path) }
        }
        for key in ["anyOf", "oneOf"] {
            if case .array(let options) = schema[key] ?? .null,
                !options.contains(where: { check(value, against: $0, at: path).isEmpty })
            {
                problems.append("\(path): fits none of \(key)")
            }
        }
        if let constant = schema["const"], constant != value { problems.append("\(path): is not \(constant)") }
        if case .array(let allowed) = schema["enum"] ?? .null, !allowed.contains(value) {
            problems.append("\(path): \(value) is not one of the documented values")
        }
        if let type = schema["type"], !Self.has(value, type: type) {
            return problems + ["\(path): \(value) is not of type \(type)"]
        }
        switch value {
        case .object(let object):
            if case .array(let required) = schema["required"] ?? .null {
                for case .string(let key) in required where object[key] == nil {
                    problems.append("\(path).\(key): required, missing")
                }
            }
            var properties: [String: JSONValue] = [:]
            if case .object(let declared) = schema["properties"] ?? .null { properties = declared }
            for (key, sub) in properties {
                if let field = object[key] { problems += check(field, against: sub, at: "\(path).\(key)") }
            }
            // A map's values (`additionalProperties` as a schema, e.g. usage's totals by persona).
            if let extra = schema["additionalProperties"], case .object = extra {
                for (key, field) in object where properties[key] == nil {
                    problems += check(field, against: extra, at: "\(path).\(key)")
                }
            }
        case .array(let items):
            if let sub = schema["items"] {
                for (i, item) in items.enumerated() { problems += check(item, against: sub, at: "\(path)[\(i)]") }
            }
            if case .number(let min) = schema["minItems"] ?? .null, Double(items.count) < min {
                problems.append("\(path): fewer than \(Int(min)) items")
            }
            if case .number(let max) = schema["maxItems"] ?? .null, Double(items.count) > max {
                problems.append("\(path): more than \(Int(max)) items")
            }
        case .number(let number):
            if case .number(let min) = schema["minimum"] ?? .null, number < min {
                problems.append("\(path): under \(min)")
            }
            if case .number(let max) = schema["maximum"] ?? .null, number > max {
                problems.append("\(path): over \(max)")
            }
        case .string(let text):
            if case .number(let max) = schema["maxLength"] ?? .null, Double(text.count) > max {
                problems.append("\(path): longer than \(Int(max))")
            }
            if case .number(let min) = schema["minLength"] ?? .null, Double(text.count) < min {
                problems.append("\(path): shorter than \(Int(min))")
            }
            switch schema["format"] {
            case .string("uuid") where UUID(uuidString: text) == nil:
                problems.append("\(path): \(text) is not a UUID")
            case .string("date-time") where Self.dateTime(text) == nil:
                problems.append("\(path): \(text) is not an RFC 3339 date-time")
            default: break
            }
        default: break
        }
        return problems
    }

    /// Made once: a formatter is costly, and every answer of every API test may hold dates.
    nonisolated(unsafe) static let plainDates = ISO8601DateFormatter()
    nonisolated(unsafe) static let fractionalDates: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    static func dateTime(_ text: String) -> Date? {
        plainDates.date(from: text) ?? fractionalDates.date(from: text)
    }

    static func has(_ value: JSONValue, type: JSONValue) -> Bool {
        if case .array(let types) = type { return types.contains { has(value, type: $0) } }
        guard case .string(let name) = type else { return true }
        switch (name, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object),
            ("number", .number):
            return true
        case ("integer", .number(let n)): return n.rounded() == n
        default: return false
        }
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
