/// The server requests go to: AWS's regional endpoint, or any S3-compatible one (MinIO, moto, R2).
public struct S3Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    public var host: String
    /// Nil for the scheme's default port.
    public var port: Int?

    public init(scheme: String, host: String, port: Int? = nil) {
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        self.port = port
    }

    /// Parses `https://host[:port]` (a trailing `/` is fine; any other path is refused, since
    /// requests would silently go elsewhere).
    public init(url: String) throws {
        guard let components = URLParts(url), components.scheme == "http" || components.scheme == "https",
            !components.host.isEmpty, components.path.isEmpty || components.path == "/"
        else { throw S3ConfigurationError.invalidEndpoint(url) }
        self.init(scheme: components.scheme, host: components.host, port: components.port)
    }

    /// AWS's own endpoint for a region.
    public static func aws(region: String) -> S3Endpoint {
        S3Endpoint(scheme: "https", host: "s3.\(region).amazonaws.com")
    }

    /// Whether this is AWS itself, where virtual-hosted addressing is the norm (and path-style is
    /// deprecated).
    public var isAWS: Bool { host.hasSuffix(".amazonaws.com") || host.hasSuffix(".amazonaws.com.cn") }

    /// `host[:port]` as the `Host` header spells it: the port only when it is not the default.
    func authority(host: String) -> String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    public var description: String { "\(scheme)://\(authority(host: host))" }
}

/// The few parts of an endpoint URL we need, without Foundation's URL (which accepts far more).
struct URLParts {
    var scheme: String
    var host: String
    var port: Int?
    var path: String

    init?(_ text: String) {
        guard let separator = text.range(of: "://") else { return nil }
        scheme = text[..<separator.lowerBound].lowercased()
        let rest = text[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        path = String(rest.dropFirst(authority.count))
        guard !authority.contains("@"), !authority.contains("?"), !authority.contains("#") else { return nil }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                return nil
            }
            host = String(authority[..<colon])
            port = number
        } else {
            host = String(authority)
            port = nil
        }
    }
}
