/// What a provider's `result` throws when its request ended, or was left, without an image and
/// the next step concerns the *submission*, not only the portrait. The generator reads it; every
/// other failure is a `ProviderError`.
public enum SubmissionVerdict: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request cannot have been charged (the provider does not know it) or cannot finish (it
    /// failed, and the provider says submitting again may work): a new submission may succeed.
    /// It is a new charge, to be recorded as one.
    case resubmit(code: String, message: String)
    /// We stopped waiting (the job deadline) while the request may still finish, and be charged:
    /// its id is kept, so a retry asks about it before paying for another.
    case stillRunning(code: String, message: String)

    public var code: String {
        switch self {
        case .resubmit(let code, _), .stillRunning(let code, _): code
        }
    }

    public var description: String {
        switch self {
        case .resubmit(let code, let message), .stillRunning(let code, let message): "\(code): \(message)"
        }
    }
}
