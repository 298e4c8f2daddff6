import TestSupport

// JSON the tests read back: the fake's counters and the client's encoded inputs, decoded into
// the few fields the tests look at, with the wire's key names.

/// The keys of a JSON object: what an encoded input sends, and nothing else.
struct ObjectKeys: Decodable {
    let keys: Set<String>

    init(from decoder: any Decoder) throws {
        keys = Set(try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue))
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// The `resolution` an encoded Nano Banana Pro input asks for.
struct EncodedResolution: Decodable {
    let resolution: String
}
