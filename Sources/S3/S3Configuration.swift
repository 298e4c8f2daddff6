import Foundation

/// Everything the client needs: where the objects live, who we are, and how patient to be.
/// `init(url:environment:)` reads the usual AWS variables; everything can also be set in code
/// (tests use short backoffs and small parts).
public struct S3Configuration: Sendable {
    public var location: S3Location
    public var credentials: S3Credentials
    public var region: String
    public var endpoint: S3Endpoint
    public var addressingStyle: S3AddressingStyle
    public var retry: S3RetryPolicy
    public var multipart: S3MultipartSettings
    /// Keys per DeleteObjects request: S3 takes at most 1000.
    public var deleteBatchSize: Int
    /// One small exchange (a HEAD, a list page, a delete), body included.
    public var attemptTimeout: Duration
    /// One transfer of object bytes: a PUT, an upload part, or a whole GET (streamed or not).
    public var transferTimeout: Duration
    /// Connect to this address instead of resolving the request's host name, as curl's `--resolve`
    /// does; the `Host` header and the signature still name the real host. For virtual-hosted
    /// addressing against a local server, whose `bucket.localhost` names no resolver knows.
    public var connectAddress: String?

    public init(
        location: S3Location, credentials: S3Credentials, region: String = "us-east-1", endpoint: S3Endpoint? = nil,
        addressingStyle: S3AddressingStyle? = nil, retry: S3RetryPolicy = .standard,
        multipart: S3MultipartSettings = .standard, deleteBatchSize: Int = 1000,
        attemptTimeout: Duration = .seconds(30), transferTimeout: Duration = .seconds(300),
        connectAddress: String? = nil
    ) {
        let endpoint = endpoint ?? .aws(region: region)
        self.location = location
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint
        self.addressingStyle =
            addressingStyle ?? Self.defaultAddressingStyle(endpoint: endpoint, bucket: location.bucket)
        self.retry = retry
        self.multipart = multipart
        self.deleteBatchSize = min(max(1, deleteBatchSize), 1000)
        self.attemptTimeout = attemptTimeout
        self.transferTimeout = transferTimeout
        self.connectAddress = connectAddress
    }

    /// Virtual-hosted for AWS itself, path-style for any other endpoint (MinIO and moto need it).
    /// A bucket name with dots stays path-style over HTTPS even on AWS: `a.b.s3.amazonaws.com`
    /// does not match AWS's `*.s3.amazonaws.com` certificate.
    public static func defaultAddressingStyle(endpoint: S3Endpoint, bucket: String) -> S3AddressingStyle {
        guard endpoint.isAWS else { return .path }
        return bucket.contains(".") && endpoint.scheme == "https" ? .path : .virtual
    }
}

/// When a put becomes a multipart upload, and how it is cut.
public struct S3MultipartSettings: Sendable, Equatable {
    /// Objects larger than this are uploaded in parts.
    public var threshold: Int
    /// Every part but the last; S3 refuses parts under 5 MiB.
    public var partSize: Int
    /// Parts in flight at once.
    public var concurrency: Int

    public static let minimumPartSize = 5 << 20
    public static let standard = S3MultipartSettings(threshold: 8 << 20, partSize: 8 << 20, concurrency: 4)

    public init(threshold: Int, partSize: Int, concurrency: Int = 4) {
        self.partSize = max(partSize, Self.minimumPartSize)
        self.threshold = max(threshold, self.partSize)
        self.concurrency = max(1, concurrency)
    }
}

public enum S3ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingCredentials
    case invalidURL(String)
    case invalidBucket(String)
    case invalidEndpoint(String)
    case invalidValue(variable: String, value: String)

    public var description: String {
        switch self {
        case .missingCredentials:
            "S3 storage needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
        case .invalidURL(let url):
            "The storage URL \(url.debugDescription) is not of the form s3://bucket or s3://bucket/prefix."
        case .invalidBucket(let bucket):
            "\(bucket.debugDescription) is not a valid S3 bucket name "
                + "(3–63 lower-case letters, digits, dots and hyphens)."
        case .invalidEndpoint(let url):
            "The S3 endpoint \(url.debugDescription) is not an http(s)://host[:port] URL."
        case .invalidValue(let variable, let value): "\(variable) has an unusable value: \(value.debugDescription)."
        }
    }
}
