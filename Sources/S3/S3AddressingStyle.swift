/// How the bucket is named in a request. AWS prefers the bucket in the host name
/// (`bucket.s3.region.amazonaws.com/key`); MinIO, moto and most local servers want it in the path
/// (`host/bucket/key`), since their host names have no per-bucket DNS.
public enum S3AddressingStyle: String, Sendable, Equatable {
    case path
    case virtual
}
