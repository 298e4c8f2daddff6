/// Where the blobs live: `s3://bucket/optional/prefix`. The prefix goes in front of every key, so
/// one bucket can keep several deployments (or test runs) apart.
public struct S3Location: Sendable, Hashable, CustomStringConvertible {
    public let bucket: String
    /// Empty, or a folder ending in `/`: `s3://b/blobs` and `s3://b/blobs/` are the same place.
    public let keyPrefix: String

    public init(bucket: String, keyPrefix: String = "") throws {
        guard Self.isValidBucketName(bucket) else { throw S3ConfigurationError.invalidBucket(bucket) }
        self.bucket = bucket
        var prefix = keyPrefix
        while prefix.hasPrefix("/") { prefix.removeFirst() }
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        self.keyPrefix = prefix
    }

    /// Parses `s3://bucket` or `s3://bucket/prefix`.
    public init(url: String) throws {
        let scheme = "s3://"
        guard url.lowercased().hasPrefix(scheme) else { throw S3ConfigurationError.invalidURL(url) }
        let rest = url.dropFirst(scheme.count)
        // A query or fragment means the URL was meant for something else; refuse rather than guess.
        guard !rest.contains("?"), !rest.contains("#") else { throw S3ConfigurationError.invalidURL(url) }
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else { throw S3ConfigurationError.invalidURL(url) }
        try self.init(bucket: String(bucket), keyPrefix: String(rest.dropFirst(bucket.count)))
    }

    /// The object key for a caller's key.
    func objectKey(_ key: String) -> String { keyPrefix + key }

    /// The caller's key for an object key listed under this location.
    func callerKey(_ objectKey: String) -> String {
        objectKey.hasPrefix(keyPrefix) ? String(objectKey.dropFirst(keyPrefix.count)) : objectKey
    }

    public var description: String { "s3://\(bucket)/\(keyPrefix)" }

    /// S3's rules for new buckets (3–63 characters of lower-case letters, digits, `.` and `-`,
    /// starting and ending with a letter or digit), which virtual-hosted addressing relies on.
    static func isValidBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        guard isAlphanumeric(bytes[0]), isAlphanumeric(bytes[bytes.count - 1]) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }
}
