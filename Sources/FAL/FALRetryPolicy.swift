import Foundation

/// Exponential backoff with jitter, as fal-js does it (1 s base, ×2, ±25 %, 30 s cap). Whether an
/// error deserves another attempt is `FALError.isRetryable`'s call; this only says how long to wait.
public struct FALRetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var multiplier: Double
    public var maxDelay: Duration
    /// ±fraction of the delay, so many clients hitting one outage do not retry in lockstep.
    public var jitter: Double

    public static let standard = FALRetryPolicy(
        maxAttempts: 4, baseDelay: .seconds(1), multiplier: 2, maxDelay: .seconds(30), jitter: 0.25)

    public init(
        maxAttempts: Int, baseDelay: Duration, multiplier: Double = 2, maxDelay: Duration, jitter: Double = 0.25
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(after attempt: Int, random: Double = Double.random(in: -1...1)) -> Duration {
        let base = baseDelay.seconds * pow(multiplier, Double(max(0, attempt - 1)))
        let capped = min(base, maxDelay.seconds)
        let jittered = max(0, capped * (1 + jitter * random))
        return .milliseconds(Int64((jittered * 1000).rounded()))
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
