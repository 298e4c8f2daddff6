import Crypto
import Foundation

/// AWS Signature Version 4: canonical request → string to sign → HMAC-SHA256 with a key derived
/// from the secret, the date, the region and the service. S3 is the default service; the others
/// exist for AWS's generic test suite (`encodesPathTwice`).
public struct SigV4Signer: Sendable {
    public var credentials: S3Credentials
    public var region: String
    public var service: String
    /// Every service but S3 URI-encodes the (already encoded) path once more in the canonical
    /// request; S3 signs the path exactly as sent.
    public var encodesPathTwice: Bool

    public static let algorithm = "AWS4-HMAC-SHA256"
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// Hex SHA-256 of nothing: the payload hash of a request without a body.
    public static let emptyPayloadHash = hexSHA256([])

    public init(credentials: S3Credentials, region: String, service: String = "s3", encodesPathTwice: Bool = false) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.encodesPathTwice = encodesPathTwice
    }

    /// Adds `x-amz-date` and, with temporary credentials, `x-amz-security-token`, then the
    /// `Authorization` header over every header the request has.
    public func sign(_ request: inout SigV4Request, at instant: Date) {
        request.setHeader("x-amz-date", SigV4Timestamp(instant).dateTime)
        if let token = credentials.sessionToken { request.setHeader("x-amz-security-token", token) }
        request.setHeader("Authorization", authorization(for: request, at: instant))
    }

    /// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` for the request as it is.
    public func authorization(for request: SigV4Request, at instant: Date) -> String {
        let timestamp = SigV4Timestamp(instant)
        let signature = signature(stringToSign: stringToSign(canonicalRequest(request), at: instant), at: instant)
        return "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(timestamp)), "
            + "SignedHeaders=\(Self.canonicalHeaders(request.headers).names), Signature=\(signature)"
    }

    /// Method, path, query, headers, signed header names and payload hash, one per line.
    public func canonicalRequest(_ request: SigV4Request) -> String {
        let path = encodesPathTwice ? SigV4Encoding.encode(request.path, keepingSlashes: true) : request.path
        let headers = Self.canonicalHeaders(request.headers)
        return [
            request.method.uppercased(), path.isEmpty ? "/" : path, Self.canonicalQuery(request.query),
            headers.lines, headers.names, request.payloadHash,
        ].joined(separator: "\n")
    }

    public func stringToSign(_ canonicalRequest: String, at instant: Date) -> String {
        let timestamp = SigV4Timestamp(instant)
        return [Self.algorithm, timestamp.dateTime, scope(timestamp), Self.hexSHA256(Array(canonicalRequest.utf8))]
            .joined(separator: "\n")
    }

    public func signature(stringToSign: String, at instant: Date) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Array(stringToSign.utf8), using: signingKey(SigV4Timestamp(instant).date))
        return Self.hex(code)
    }

    /// `date/region/service/aws4_request`.
    func scope(_ timestamp: SigV4Timestamp) -> String { "\(timestamp.date)/\(region)/\(service)/aws4_request" }

    /// HMAC chain: `AWS4` + secret → date → region → service → `aws4_request`.
    func signingKey(_ date: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// Names and values encoded, sorted by name then value, joined with `&`; a name without a
    /// value is `name=`. Encoded text is ASCII, so String's order is the byte order AWS sorts by.
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query.map { (SigV4Encoding.encode($0.name), SigV4Encoding.encode($0.value)) }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lower-case names, sorted; values trimmed with inner runs of spaces made one, repeated names
    /// joined with commas in order. `lines` ends with a newline (so the canonical request has its
    /// blank line); `names` is the `SignedHeaders` list.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (lines: String, names: String) {
        var values: [String: [String]] = [:]
        for (name, value) in headers where name.lowercased() != "authorization" {
            values[name.lowercased(), default: []].append(
                value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "))
        }
        let names = values.keys.sorted()
        let lines = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (lines, names.joined(separator: ";"))
    }

    public static func hexSHA256(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(data: bytes)) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
