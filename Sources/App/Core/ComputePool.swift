import NIOPosix
import PersonaKit

/// The service's threads for CPU work (InflioServices.compute), each lowered to background
/// priority when it first takes work: they run nothing else, so they may stay low. The waiting
/// task is resumed from a thread at normal priority, never from the lowered one
/// (BackgroundThreads.resume says why).
struct ComputePool: Sendable {
    let pool: NIOThreadPool

    /// Runs `body` on one of the pool's threads; fails if the pool is shutting down.
    func runIfActive<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        BackgroundThreads.prepare()
        return try await withCheckedThrowingContinuation { continuation in
            pool.submit { state in
                guard case .active = state else {
                    // Run on the submitting thread when the pool has stopped: at its priority.
                    continuation.resume(throwing: NIOThreadPoolError.ThreadPoolInactive())
                    return
                }
                BackgroundPriority.lowerCurrentThread()
                let result = Result { try body() }
                BackgroundThreads.resume { continuation.resume(with: result) }
            }
        }
    }
}
