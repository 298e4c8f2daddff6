import Dispatch
import PersonaKit

/// Runs the renderer's CPU-bound async work on Dispatch threads. Left on the cooperative pool
/// (one thread per core), a few renders would starve the fake's HTTP handlers, and status polls
/// and streams would go quiet for seconds: a fake that stalls where FAL would not.
final class RenderExecutor: TaskExecutor {
    static let shared = RenderExecutor()
    private let queue = DispatchQueue(label: "fake-fal.render", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let queue = self.queue
        Self.fromNormalPriority { queue.async { job.runSynchronously(on: executor) } }
    }

    /// Runs `submit` here, or on a thread at the process's own priority when this one is lowered
    /// (a render's helper): Dispatch grows its pool from the submitting thread, and a worker made
    /// from a lowered one would inherit its niceness and run everything after at background
    /// priority (BackgroundThreadsTests saw such a lowered `-qos.overcommit` worker).
    static func fromNormalPriority(_ submit: @escaping @Sendable () -> Void) {
        if let niceness = BackgroundPriority.currentNiceness, niceness > BackgroundPriority.processNiceness {
            BackgroundThreads.resume(submit)
        } else {
            submit()
        }
    }
}
