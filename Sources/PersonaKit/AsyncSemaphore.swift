import Foundation

/// A counting semaphore for async code: bounds how many tasks run a section at once (an actor
/// alone is re-entrant across awaits). Waiters are served in arrival order.
public final class AsyncSemaphore: @unchecked Sendable {
    // Guarded by `lock`; never held across an await.
    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private let lock = NSLock()

    public init(permits: Int) { self.permits = permits }

    public func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = lock.withLock { () -> Bool in
                if permits > 0 {
                    permits -= 1
                    return true
                }
                waiters.append(continuation)
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    public func signal() {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            if waiters.isEmpty {
                permits += 1
                return nil
            }
            return waiters.removeFirst()
        }
        next?.resume()
    }

    public func withPermit<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await wait()
        defer { signal() }
        return try await body()
    }
}
