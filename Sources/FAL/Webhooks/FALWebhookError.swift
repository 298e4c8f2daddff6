/// Why a webhook was not accepted. Each has a stable `code`; none says which part of a
/// signature was wrong beyond what the sender could know anyway.
public enum FALWebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingHeader(String)
    case malformedTimestamp(String)
    /// More than the tolerance away from our clock (old: a replay; new: a skewed sender).
    case staleTimestamp(skewSeconds: Int)
    case malformedSignature
    case invalidSignature
    case jwksUnavailable(String)

    public var code: String {
        switch self {
        case .missingHeader: "webhook_missing_header"
        case .malformedTimestamp: "webhook_bad_timestamp"
        case .staleTimestamp: "webhook_stale_timestamp"
        case .malformedSignature: "webhook_bad_signature"
        case .invalidSignature: "webhook_invalid_signature"
        case .jwksUnavailable: "webhook_keys_unavailable"
        }
    }

    public var description: String {
        switch self {
        case .missingHeader(let name): "The webhook lacks the \(name) header."
        case .malformedTimestamp(let value):
            "The webhook timestamp \(value.debugDescription) is not a number of seconds."
        case .staleTimestamp(let skew): "The webhook timestamp is \(skew) s away from now; at most 300 s is accepted."
        case .malformedSignature: "The webhook signature is not hex of the right length."
        case .invalidSignature: "The webhook signature does not match FAL's keys."
        case .jwksUnavailable(let reason): "FAL's webhook keys could not be fetched: \(reason)"
        }
    }
}
