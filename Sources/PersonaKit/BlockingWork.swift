import Dispatch

/// Runs CPU-bound or blocking work (a render, a face analysis) on a Dispatch thread, so it never
/// occupies one of Swift concurrency's few cooperative threads (one per core): while it runs,
/// request handlers and event streams keep being served. Callers bound how many run at once.
public enum BlockingWork {
    private static let queue = DispatchQueue(
        label: "inflio.blocking-work", qos: .userInitiated, attributes: .concurrent)

    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
