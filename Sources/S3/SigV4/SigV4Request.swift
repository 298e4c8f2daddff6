/// The parts of an HTTP request that SigV4 signs.
public struct SigV4Request: Sendable {
    public var method: String
    /// The path as it goes on the wire, already percent-encoded (`SigV4Encoding.path(forKey:)`).
    public var path: String
    /// Name/value pairs as they are meant, not yet encoded: `SigV4Signer.canonicalQuery` encodes
    /// and sorts them, and that string is also what goes on the wire.
    public var query: [(name: String, value: String)]
    /// Every header to sign, `host` included; repeated names are joined in order.
    public var headers: [(name: String, value: String)]
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], payloadHash: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append((name, value))
    }
}
