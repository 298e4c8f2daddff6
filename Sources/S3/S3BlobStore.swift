import AsyncHTTPClient
import Foundation
import Logging

/// The service's blob store on S3 (or MinIO, R2, moto): keys as the local store has them, under the
/// prefix of the configured `s3://bucket/prefix`. App declares the conformance to its `BlobStore`
/// protocol; this target does not know the protocol.
public struct S3BlobStore: Sendable {
    public let client: S3Client

    /// From `url` (`s3://bucket/optional/prefix`) and the AWS variables in `environment` (see
    /// `S3Configuration.init(url:environment:)`). Throws at start-up, not at the first upload,
    /// when the URL or the credentials are unusable.
    public init(url: String, environment: [String: String], httpClient: HTTPClient, logger: Logger) throws {
        client = S3Client(
            configuration: try S3Configuration(url: url, environment: environment), httpClient: httpClient,
            logger: logger)
    }

    public init(client: S3Client) {
        self.client = client
    }

    public func put(_ bytes: [UInt8], at key: String) async throws {
        try await client.putObject(bytes, key: key, contentType: Self.contentType(of: bytes))
    }

    public func get(_ key: String) async throws -> [UInt8] {
        try await client.getObject(key)
    }

    /// Gone already is fine.
    public func delete(_ key: String) async throws {
        try await client.deleteObject(key)
    }

    /// Removes the folder `prefix`, as the local store does: `personas/1` takes `personas/1/…`
    /// but not `personas/10/…` (S3 itself would match key prefixes literally).
    public func deleteAll(under prefix: String) async throws {
        let folder = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
        try await client.deleteAll(under: folder)
    }

    /// A URL that serves the blob without credentials until it expires.
    public func presignedURL(for key: String, expiresIn: TimeInterval) -> URL {
        client.presignedGetURL(key, expiresIn: expiresIn)
    }

    /// What the stored images are, from their first bytes, so a presigned URL serves them with a
    /// type a browser shows; anything else is plain bytes.
    static func contentType(of bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        return "application/octet-stream"
    }
}
