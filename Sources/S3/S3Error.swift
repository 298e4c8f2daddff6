/// Everything that can go wrong talking to S3, with what a person needs to act on it. Transient
/// trouble (5xx, 429, SlowDown, dropped connections, timeouts) is retried first and surfaces as
/// `unavailable` only once the attempts run out.
public enum S3Error: Error, Sendable, Equatable {
    /// 404: no such key, bucket or upload. `resource` is what was asked for.
    case notFound(resource: String, code: String, message: String)
    /// 403: a wrong key or secret (`InvalidAccessKeyId`, `SignatureDoesNotMatch`), a clock too far
    /// off (`RequestTimeTooSkewed`), or a policy that forbids the operation (`AccessDenied`).
    case accessDenied(code: String, message: String)
    /// Any other refusal (4xx), which trying again would not change.
    case requestFailed(status: Int, code: String, message: String)
    /// S3 kept failing (5xx, throttling) or could not be reached, for every attempt.
    case unavailable(operation: String, attempts: Int, reason: String)
    /// A success answer we could not read.
    case invalidResponse(operation: String, reason: String)
    /// Refused before sending: the request makes no sense (or is dangerous, like emptying a bucket).
    case invalidRequest(String)
    /// The calling task was cancelled.
    case cancelled

    /// A stable identifier for logs.
    public var code: String {
        switch self {
        case .notFound: "s3_not_found"
        case .accessDenied: "s3_access_denied"
        case .requestFailed: "s3_request_failed"
        case .unavailable: "s3_unavailable"
        case .invalidResponse: "s3_invalid_response"
        case .invalidRequest: "s3_invalid_request"
        case .cancelled: "s3_cancelled"
        }
    }
}

extension S3Error: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notFound(let resource, let code, let message):
            "Nothing stored at \(resource) (\(code)\(message.isEmpty ? "" : ": \(message)"))."
        case .accessDenied(let code, let message):
            "Storage refused our credentials or permissions (\(code)\(message.isEmpty ? "" : ": \(message)"))."
        case .requestFailed(let status, let code, let message):
            "Storage refused the request with \(status) \(code)\(message.isEmpty ? "" : ": \(message)")."
        case .unavailable(let operation, let attempts, let reason):
            "Storage is unavailable: \(operation) failed \(attempts) time\(attempts == 1 ? "" : "s"); last: \(reason)."
        case .invalidResponse(let operation, let reason):
            "Storage sent an unreadable answer to \(operation): \(reason)."
        case .invalidRequest(let reason): "Not sent to storage: \(reason)."
        case .cancelled: "The storage request was cancelled."
        }
    }
}
