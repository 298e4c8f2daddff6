import NIOConcurrencyHelpers

/// A mutual-exclusion lock for async code (an actor alone is re-entrant across awaits), and a
/// counting semaphore built the same way to bound concurrent generation.
final class AsyncSemaphore: Sendable {
    private struct State { var permits: Int; var waiters: [CheckedContinuation<Void, Never>] = [] }
    private let state: NIOLockedValueBox<State>

    init(permits: Int) { state = NIOLockedValueBox(State(permits: permits)) }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLockedValue { s -> Bool in
                if s.permits > 0 { s.permits -= 1; return true }
                s.waiters.append(continuation)
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    func signal() {
        let next = state.withLockedValue { s -> CheckedContinuation<Void, Never>? in
            if s.waiters.isEmpty { s.permits += 1; return nil }
            return s.waiters.removeFirst()
        }
        next?.resume()
    }

    func withPermit<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await wait()
        defer { signal() }
        return try await body()
    }
}
