/// Why one attempt failed, classified: retried while attempts remain, then turned into an `S3Error`.
enum S3AttemptFailure: Error, Sendable {
    /// S3 answered with an error (an error status, or a 200 whose body is an `<Error>`, as
    /// CompleteMultipartUpload may send).
    case answered(status: Int, body: S3ErrorBody)
    /// The connection failed or dropped before a whole answer arrived.
    case connection(String)
    /// No whole answer within the attempt's deadline.
    case timedOut(Duration)

    /// Codes S3 sends for trouble that passes, whatever the status says.
    static let transientCodes: Set<String> = [
        "SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "Throttling", "ThrottlingException",
        "RequestLimitExceeded", "TooManyRequests",
    ]

    /// Worth another attempt: 5xx, 429, throttling and timeout codes, dropped connections, timeouts.
    var isRetryable: Bool {
        switch self {
        case .answered(let status, let body): status >= 500 || status == 429 || Self.transientCodes.contains(body.code)
        case .connection, .timedOut: true
        }
    }

    /// For logs and `S3Error.unavailable`: `503 SlowDown: Please reduce your request rate.`
    var summary: String {
        switch self {
        case .answered(let status, let body): "\(status) \(body.code)\(body.message.isEmpty ? "" : ": \(body.message)")"
        case .connection(let reason): "connection failed: \(reason)"
        case .timedOut(let limit): "no answer within \(limit.seconds) s"
        }
    }

    /// The error a caller sees once this failure is final.
    func error(operation: String, resource: String, attempts: Int) -> S3Error {
        guard case .answered(let status, let body) = self, !isRetryable else {
            return .unavailable(operation: operation, attempts: attempts, reason: summary)
        }
        switch status {
        case 404: return .notFound(resource: resource, code: body.code, message: body.message)
        case 403: return .accessDenied(code: body.code, message: body.message)
        default: return .requestFailed(status: status, code: body.code, message: body.message)
        }
    }
}
