/// Everything that can go wrong talking to FAL, with what a person needs to act on it.
public enum FALError: Error, Sendable, Equatable {
    /// FAL answered with a non-success status; the body and headers are parsed in `FALAPIError`.
    case api(FALAPIError)
    /// A deadline passed (see `FALDeadlines`).
    case timeout(FALTimeout)
    /// The connection failed or dropped before a whole answer arrived.
    case connection(String)
    /// The caller cancelled (the task was cancelled), or FAL reports the request cancelled.
    case cancelled
    /// A success answer we could not read.
    case invalidResponse(String)
    /// Refused before sending: FAL would refuse it too (e.g. a start timeout of 1 s or less).
    case invalidRequest(String)

    /// Worth another attempt: rate limits, gateway and runner trouble, connection failures and an
    /// attempt that got no answer in time. Never a validation or policy error (422), nor a 504 the
    /// caller asked for with `x-fal-request-timeout` (timeout type `user`).
    public var isRetryable: Bool {
        switch self {
        case .api(let error): error.isRetryable
        case .timeout(let timeout): timeout.scope == .attempt
        case .connection: true
        case .cancelled, .invalidResponse, .invalidRequest: false
        }
    }

    /// An attempt sent that got no answer in time: the other side may have acted on it.
    public var isUnansweredAttempt: Bool {
        if case .timeout(let timeout) = self { return timeout.scope == .attempt }
        return false
    }

    /// Worth reading again later (a status or result): a read changes nothing, so beyond what
    /// `isRetryable` allows a 500 and an unreadable answer (a proxy's error page) are tried again.
    var isRetryableRead: Bool {
        switch self {
        case .api(let error): error.isTransientRead
        case .timeout(let timeout): timeout.scope == .attempt
        case .connection, .invalidResponse: true
        case .cancelled, .invalidRequest: false
        }
    }

    /// A stable identifier for logs and the job table.
    public var code: String {
        switch self {
        case .api(let error): error.code
        case .timeout(let timeout): "fal_timeout_\(timeout.scope.rawValue)"
        case .connection: "fal_connection_failed"
        case .cancelled: "fal_cancelled"
        case .invalidResponse: "fal_invalid_response"
        case .invalidRequest: "fal_invalid_request"
        }
    }

    /// FAL's request id, when the failing answer carried one.
    public var requestId: String? {
        if case .api(let error) = self { return error.requestId }
        return nil
    }
}

extension FALError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .api(let error): error.description
        case .timeout(let timeout): timeout.description
        case .connection(let reason): "The connection to FAL failed: \(reason)"
        case .cancelled: "The FAL request was cancelled."
        case .invalidResponse(let reason): "FAL sent an answer we could not read: \(reason)"
        case .invalidRequest(let reason): "Not sent to FAL, which would refuse it: \(reason)"
        }
    }
}

public struct FALTimeout: Sendable, Equatable, CustomStringConvertible {
    public enum Scope: String, Sendable {
        /// One HTTP exchange got no (complete) answer in time.
        case attempt
        /// The whole job (or stream, or run) took too long.
        case job
        /// A stream went quiet.
        case streamIdle = "stream_idle"
    }
    public let scope: Scope
    public let seconds: Double
    public let operation: String
    /// For a job deadline: the request's last known state (nil if no status was ever read) and
    /// whether FAL was asked to cancel it then.
    public var lastState: FALQueueStatus.State? = nil
    public var cancelRequested = false

    /// For a job deadline: whether the request may still finish, and be billed. Only a request
    /// cancelled while it was still in line cannot (FAL removes it); a running one gets a
    /// signal only and is billed when it finishes, so it is left to finish.
    public var requestMayStillFinish: Bool { scope == .job && !(cancelRequested && lastState == .inQueue) }

    public var description: String {
        switch scope {
        case .attempt: "FAL did not answer \(operation) within \(seconds.formatted1) s."
        case .job: "The FAL job (\(operation)) did not finish within \(seconds.formatted1) s."
        case .streamIdle: "The FAL stream (\(operation)) sent nothing for \(seconds.formatted1) s."
        }
    }
}

extension Double {
    var formatted1: String {
        (self * 10).rounded() / 10 == rounded() ? String(Int(rounded())) : String((self * 10).rounded() / 10)
    }
}
