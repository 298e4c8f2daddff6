import Foundation

/// One long-lived thread at the process's own priority that resumes whoever waited for lowered
/// work. A lowered thread must not resume a continuation itself: the resume enqueues the task
/// on Swift concurrency's pool, and when that pool needs another worker, libdispatch creates it
/// on the enqueuing thread, where Linux makes it inherit the lowered niceness. Such a worker
/// would then run request handlers and event streams at background priority for as long as it
/// lived (found in review).
final class NormalPriorityResumer: @unchecked Sendable {
    /// Made by the first caller of `BackgroundThreads.run` or of `prepare()`, before any work is
    /// handed to a lowered thread: that caller waits at normal priority, so the thread is born there.
    static let shared = NormalPriorityResumer()

    private let condition = NSCondition()
    private var pending: [@Sendable () -> Void] = []

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "inflio-resume"
        thread.start()
    }

    func enqueue(_ work: @escaping @Sendable () -> Void) {
        condition.withLock {
            pending.append(work)
            condition.signal()
        }
    }

    private func loop() {
        while true {
            let batch = condition.withLock {
                while pending.isEmpty { condition.wait() }
                defer { pending = [] }
                return pending
            }
            for work in batch { work() }
        }
    }
}
