import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Talks to one bucket (and key prefix) of an S3-compatible store over one shared `HTTPClient`:
/// objects (whole or streamed, multipart above a threshold), listing, batch deletion and presigned
/// GETs, every request signed with SigV4. A value type with nothing mutable, shared freely
/// between tasks. Keys given to it are the caller's: the location's prefix is added on the way
/// out and removed from listings on the way back.
public struct S3Client: Sendable {
    public let configuration: S3Configuration
    let http: HTTPClient
    let logger: Logger
    let signer: SigV4Signer

    /// `httpClient` defaults to the process-wide shared client, which needs no shutdown.
    public init(
        configuration: S3Configuration, httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "inflio.s3")
    ) {
        self.configuration = configuration
        self.http = httpClient
        self.logger = logger
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
    }

    /// For `url` (`s3://bucket/prefix`) from the environment (see `S3Configuration.init(url:environment:)`).
    public init(
        url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "inflio.s3")
    ) throws {
        self.init(
            configuration: try S3Configuration(url: url, environment: environment), httpClient: httpClient,
            logger: logger)
    }

    var location: S3Location { configuration.location }
}

/// What to send, rebuilt and signed again for every attempt (a signature carries its time).
struct S3Request: Sendable {
    var method: HTTPMethod
    /// The full object key (prefix included), or nil for a request on the bucket itself.
    var objectKey: String?
    var query: [(name: String, value: String)] = []
    var headers: [(name: String, value: String)] = []
    var body: ArraySlice<UInt8>?
    /// Hex SHA-256 of the body; computed once, not per attempt.
    var payloadHash = SigV4Signer.emptyPayloadHash
    /// Whether this moves object bytes (and gets `transferTimeout`) or is a small exchange.
    var isTransfer = false
    /// The largest answer read into memory.
    var maxResponseBytes = 16 << 20

    init(
        _ method: HTTPMethod, objectKey: String? = nil, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: ArraySlice<UInt8>? = nil, isTransfer: Bool = false
    ) {
        self.method = method
        self.objectKey = objectKey
        self.query = query
        self.headers = headers
        self.body = body
        self.isTransfer = isTransfer
        if let body { payloadHash = SigV4Signer.hexSHA256(body) }
    }
}

/// One HTTP answer, read whole.
struct S3Response: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    var isSuccess: Bool { (200..<300).contains(status) }
    func header(_ name: String) -> String? { headers.first(name: name) }
}
