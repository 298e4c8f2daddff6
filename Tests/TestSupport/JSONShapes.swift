/// A key that must be present and may hold an explicit `null`. Unlike an Optional, which also
/// accepts a missing key, it lets a test insist that an absent value is written out as `null`.
public enum Nullable<Wrapped: Decodable>: Decodable {
    case null
    case present(Wrapped)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .present(try container.decode(Wrapped.self))
    }

    public var value: Wrapped? {
        if case .present(let value) = self { value } else { nil }
    }
    public var isNull: Bool { value == nil }
}

/// A decoded object together with the keys it had, for a test that pins an answer's exact shape
/// or checks what it does not carry. Its fields read through: `keyed.name` is `keyed.value.name`.
@dynamicMemberLookup
public struct Keyed<Value: Decodable>: Decodable {
    public let value: Value
    public let keys: Set<String>

    public init(from decoder: any Decoder) throws {
        value = try Value(from: decoder)
        keys = Set(try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue))
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<Value, T>) -> T { value[keyPath: keyPath] }
}

/// Any key of a JSON object.
public struct AnyKey: CodingKey {
    public let stringValue: String
    public var intValue: Int? { nil }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

/// Any JSON value, for scans over a whole output (what no typed field names).
public indirect enum JSONTree: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONTree].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONTree].self))
        }
    }
}
