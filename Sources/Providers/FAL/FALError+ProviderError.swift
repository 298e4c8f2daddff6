import FAL
import PersonaKit

extension FALError {
    /// The provider-level meaning: `rejected` when asking again cannot help (policy, validation,
    /// authentication, a model error reported as a 4xx), `unavailable` when it might later
    /// (rate limits, outages, timeouts, dropped connections, a model that failed with a 5xx).
    public var providerError: ProviderError {
        switch self {
        case .api(let error):
            if error.status == 404 { return .unknownRequest(error.requestId ?? error.summary) }
            if error.isRetryable || error.status >= 500 || error.status == 408 || error.status == 409 {
                return .unavailable(error.description)
            }
            if error.status == 401 || error.status == 403 {
                return .rejected(
                    code: "fal_unauthorized", message: "FAL refused our key (\(error.status)); check FAL_KEY.")
            }
            return .rejected(
                code: error.code,
                message: error.isContentPolicyViolation
                    ? "The image model refused this request under its content policy: \(error.summary)"
                    : error.summary)
        case .timeout, .connection, .invalidResponse:
            return .unavailable(description)
        case .invalidRequest(let reason):
            return .rejected(code: code, message: reason)
        case .cancelled:
            return .cancelled
        }
    }
}

/// Maps anything a FAL call throws to `ProviderError`, for a provider's `result` and `submit`.
public func providerError(from error: any Error) -> ProviderError {
    switch error {
    case let error as ProviderError: error
    case let error as FALError: error.providerError
    case is CancellationError: .cancelled
    default: .unavailable("FAL: \(error)")
    }
}
