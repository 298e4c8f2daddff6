import Foundation
import Synchronization

/// Threads made for one piece of CPU-bound work, at background priority (BackgroundPriority),
/// and ended with it. Dispatch's worker threads are shared with everything else the process
/// runs, so they cannot be lowered; a thread costs tens of microseconds to start, nothing beside
/// an analysis or a render.
public enum BackgroundThreads {
    /// Runs `body(0..<iterations)` on the calling thread and at most `width - 1` threads of its
    /// own, and returns when every call has: DispatchQueue.concurrentPerform, below request handling.
    public static func perform(iterations: Int, width: Int = System.computeThreads, _ body: @Sendable (Int) -> Void) {
        guard iterations > 0 else { return }
        withoutActuallyEscaping(body) { body in
            let work = Work(body: body, count: iterations)
            var threads: [pthread_t] = []
            // The caller takes part, as with concurrentPerform, at its own priority (the compute
            // pool's threads are lowered already): one photo's analysis starts no thread at all.
            // Helpers come from a budget of one per compute thread for the whole process: each of the
            // compute pool's threads may be in here at once, and cores × cores full-size decodes
            // would be too much memory on a large machine.
            let helpers = HelperBudget.take(upTo: min(width, iterations) - 1)
            defer { HelperBudget.give(back: helpers) }
            for _ in 0..<helpers {
                var thread = pthread_t()
                let context = Unmanaged.passRetained(work).toOpaque()
                let started = pthread_create(
                    &thread, nil,
                    { context in
                        Thread.current.name = BackgroundThreads.threadName
                        let work = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
                        BackgroundPriority.lowerCurrentThread()
                        work.drain()
                        return nil
                    }, context)
                if started == 0 {
                    threads.append(thread)
                } else {
                    Unmanaged<Work>.fromOpaque(context).release()
                }
            }
            work.drain()
            // Joined, not merely waited for: every thread has let go of `body` before it is
            // released (withoutActuallyEscaping checks).
            for thread in threads { pthread_join(thread, nil) }
        }
    }

    /// Runs `body` on a thread of its own at background priority, without holding one of Swift
    /// concurrency's threads (one per core) meanwhile. The caller is resumed from a thread at
    /// normal priority (NormalPriorityResumer), never from the lowered one.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        prepare()
        return try await withCheckedThrowingContinuation { continuation in
            let started = startThread {
                BackgroundPriority.lowerCurrentThread()
                let result = Result { try body() }
                resume { continuation.resume(with: result) }
            }
            if !started {
                // No thread to be had: do the work here rather than never answer.
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// Hands `work` (resuming a caller) to a thread at the process's own priority: what a lowered
    /// thread does instead of resuming a continuation itself (NormalPriorityResumer says why).
    public static func resume(_ work: @escaping @Sendable () -> Void) {
        NormalPriorityResumer.shared.enqueue(work)
    }

    /// Makes the resuming thread now, from the calling thread (at normal priority), before any
    /// lowered thread could be the first to need it and pass on its niceness.
    public static func prepare() {
        _ = NormalPriorityResumer.shared
    }

    /// A detached thread running `body`, named for `/proc` and debuggers; false if none started.
    private static func startThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        final class Box: @unchecked Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        let started = pthread_create(
            &thread, nil,
            { context in
                Thread.current.name = BackgroundThreads.threadName
                Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
        guard started == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// The name of the threads this starts (at most 15 bytes, as Linux allows).
    public static let threadName = "inflio-bg"

    /// Helper threads `perform` may have running at once across the process.
    private enum HelperBudget {
        private static let available = Mutex(System.computeThreads)

        static func take(upTo wanted: Int) -> Int {
            available.withLock { count in
                let taken = max(0, min(wanted, count))
                count -= taken
                return taken
            }
        }

        static func give(back count: Int) {
            available.withLock { $0 += count }
        }
    }

    /// The body and the next index to run, shared by the threads.
    private final class Work: @unchecked Sendable {
        let body: @Sendable (Int) -> Void
        let count: Int
        private let lock = NSLock()
        private var nextIndex = 0

        init(body: @escaping @Sendable (Int) -> Void, count: Int) {
            self.body = body
            self.count = count
        }

        /// Runs the body for each index no thread has taken yet.
        func drain() {
            while let i = take() { body(i) }
        }

        private func take() -> Int? {
            lock.withLock {
                guard nextIndex < count else { return nil }
                defer { nextIndex += 1 }
                return nextIndex
            }
        }
    }
}
