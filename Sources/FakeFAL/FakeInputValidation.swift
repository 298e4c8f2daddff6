import Foundation

/// Checks a model input as FAL does before any work: required fields, types, enums and ranges,
/// every problem at once, each a `detail` entry `{loc, msg, type}` of a 422 (the pydantic shape
/// FAL's own examples show, e.g. `value_error.missing` / "field required"). Fields a model does
/// not know are ignored, as FAL's models ignore them. Models the fake does not know are only
/// required to send a JSON object.
struct FakeInputValidation: Sendable {
    /// The most `image_urls` per model, and for any model not listed. FAL's real limit for
    /// nano-banana-pro/edit is unconfirmed (sources say 2, 10 or 14).
    var maxImageURLs: [String: Int]
    var defaultMaxImageURLs: Int

    static let standardMaxImageURLs = 10

    init(maxImageURLs: [String: Int] = [:], defaultMaxImageURLs: Int = standardMaxImageURLs) {
        self.maxImageURLs = maxImageURLs
        self.defaultMaxImageURLs = defaultMaxImageURLs
    }

    /// `N` (every model) or `model=N,model=N` (`FAKE_FAL_MAX_IMAGE_URLS`); nil when malformed.
    static func parseLimits(_ text: String) -> (perModel: [String: Int], all: Int?)? {
        var perModel: [String: Int] = [:]
        var all: Int?
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let pair = entry.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 1 {
                guard let count = Int(pair[0]), count >= 1 else { return nil }
                all = count
            } else {
                guard let count = Int(pair[1]), count >= 1 else { return nil }
                perModel[pair[0]] = count
            }
        }
        return (perModel, all)
    }

    struct Problem: Sendable, Equatable {
        let loc: [String]
        let msg: String
        let type: String

        var object: [String: Any] { ["loc": loc, "msg": msg, "type": type] }
    }

    enum Kind {
        case string
        case integer(ClosedRange<Int>?)
        case boolean
        case choice([String])
        case urlList
    }

    struct Field {
        let name: String
        let kind: Kind
        var required = false
    }

    static let aspectRatios = ["auto", "21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"]
    static let outputFormats = ["jpeg", "png", "webp"]

    /// The fields of the models the fake knows (fal-api.md §3, §4).
    static func fields(of model: String) -> [Field]? {
        let nanoCommon = [
            Field(name: "prompt", kind: .string, required: true),
            Field(name: "num_images", kind: .integer(1...4)),
            Field(name: "aspect_ratio", kind: .choice(aspectRatios)),
            Field(name: "output_format", kind: .choice(outputFormats)),
            Field(name: "seed", kind: .integer(nil)),
            Field(name: "safety_tolerance", kind: .choice(["1", "2", "3", "4", "5", "6"])),
            Field(name: "sync_mode", kind: .boolean),
            Field(name: "limit_generations", kind: .boolean),
        ]
        let proExtras = [
            Field(name: "resolution", kind: .choice(["1K", "2K", "4K"])),
            Field(name: "enable_web_search", kind: .boolean),
            Field(name: "system_prompt", kind: .string),
        ]
        let gptCommon = [
            Field(name: "prompt", kind: .string, required: true),
            Field(name: "quality", kind: .choice(["low", "medium", "high"])),
            Field(name: "background", kind: .choice(["auto", "transparent", "opaque"])),
            Field(name: "num_images", kind: .integer(1...4)),
            Field(name: "output_format", kind: .choice(outputFormats)),
            Field(name: "sync_mode", kind: .boolean),
        ]
        let references = Field(name: "image_urls", kind: .urlList, required: true)
        switch model {
        case "fal-ai/nano-banana-pro/edit": return nanoCommon + proExtras + [references]
        case "fal-ai/nano-banana-pro": return nanoCommon + proExtras
        case "fal-ai/nano-banana/edit": return nanoCommon + [references]
        case "fal-ai/gpt-image-1.5/edit":
            return gptCommon + [
                references, Field(name: "image_size", kind: .choice(["auto", "1024x1024", "1536x1024", "1024x1536"])),
                Field(name: "input_fidelity", kind: .choice(["low", "high"])),
                Field(name: "mask_image_url", kind: .string),
            ]
        case "fal-ai/gpt-image-1.5":
            return gptCommon + [Field(name: "image_size", kind: .choice(["1024x1024", "1536x1024", "1024x1536"]))]
        default: return nil
        }
    }

    /// Every problem with `body` for `model`; empty when FAL would take it.
    func problems(model: String, body: [UInt8]) -> [Problem] {
        guard case .object(let object)? = try? JSONDecoder().decode(Value.self, from: Data(body)) else {
            return [Problem(loc: ["body"], msg: "Expected a JSON object.", type: "value_error.jsondecode")]
        }
        guard let fields = Self.fields(of: model) else { return [] }
        var problems: [Problem] = []
        for field in fields {
            let loc = ["body", field.name]
            guard let value = object[field.name], value != .null else {
                if field.required {
                    problems.append(Problem(loc: loc, msg: "field required", type: "value_error.missing"))
                }
                continue
            }
            problems += check(value, as: field.kind, loc: loc, model: model)
        }
        return problems
    }

    private func check(_ value: Value, as kind: Kind, loc: [String], model: String) -> [Problem] {
        switch (kind, value) {
        case (.string, .string), (.boolean, .bool): return []
        case (.string, _): return [Problem(loc: loc, msg: "str type expected", type: "type_error.str")]
        case (.boolean, _):
            return [Problem(loc: loc, msg: "value could not be parsed to a boolean", type: "type_error.bool")]
        case (.integer(let range), .number(let number)) where number == number.rounded():
            guard let range else { return [] }
            if number < Double(range.lowerBound) {
                return [
                    Problem(
                        loc: loc, msg: "ensure this value is greater than or equal to \(range.lowerBound)",
                        type: "value_error.number.not_ge")
                ]
            }
            if number > Double(range.upperBound) {
                return [
                    Problem(
                        loc: loc, msg: "ensure this value is less than or equal to \(range.upperBound)",
                        type: "value_error.number.not_le")
                ]
            }
            return []
        case (.integer, _):
            return [Problem(loc: loc, msg: "value is not a valid integer", type: "type_error.integer")]
        case (.choice(let permitted), .string(let text)) where permitted.contains(text): return []
        case (.choice(let permitted), _):
            let list = permitted.map { "'\($0)'" }.joined(separator: ", ")
            return [
                Problem(
                    loc: loc, msg: "value is not a valid enumeration member; permitted: \(list)",
                    type: "type_error.enum")
            ]
        case (.urlList, .array(let list)):
            if list.isEmpty {
                return [
                    Problem(loc: loc, msg: "ensure this value has at least 1 items", type: "value_error.list.min_items")
                ]
            }
            let limit = maxImageURLs[model] ?? defaultMaxImageURLs
            if list.count > limit {
                return [
                    Problem(
                        loc: loc, msg: "ensure this value has at most \(limit) items",
                        type: "value_error.list.max_items")
                ]
            }
            return list.enumerated().compactMap { i, entry in
                if case .string = entry { return nil }
                return Problem(loc: loc + [String(i)], msg: "str type expected", type: "type_error.str")
            }
        case (.urlList, _): return [Problem(loc: loc, msg: "value is not a valid list", type: "type_error.list")]
        }
    }

    /// A JSON value, with booleans kept apart from numbers.
    enum Value: Decodable, Equatable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([Value])
        case object([String: Value])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let n = try? c.decode(Double.self) {
                self = .number(n)
            } else if let s = try? c.decode(String.self) {
                self = .string(s)
            } else if let a = try? c.decode([Value].self) {
                self = .array(a)
            } else {
                self = .object(try c.decode([String: Value].self))
            }
        }
    }
}
