import Foundation

/// Exponential backoff with jitter. Whether a failure deserves another attempt is decided where it
/// is classified (`S3Attempt`); this only says how many attempts there are and how long to wait.
public struct S3RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var multiplier: Double
    public var maxDelay: Duration
    /// ±fraction of the delay, so many clients slowed down by one 503 do not return in lockstep.
    public var jitter: Double

    /// Four attempts over about two seconds: enough for S3's transient 500/503s, short enough
    /// that a request fails while its caller still waits.
    public static let standard = S3RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(250), maxDelay: .seconds(10))

    public init(
        maxAttempts: Int, baseDelay: Duration, multiplier: Double = 2, maxDelay: Duration, jitter: Double = 0.25
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// The wait before attempt `attempt + 1` (attempts count from 1).
    public func delay(after attempt: Int, random: Double = Double.random(in: -1...1)) -> Duration {
        let base = baseDelay.seconds * pow(multiplier, Double(max(0, attempt - 1)))
        let jittered = max(0, min(base, maxDelay.seconds) * (1 + jitter * random))
        return .nanoseconds(Int64((jittered * 1e9).rounded()))
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
