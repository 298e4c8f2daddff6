import Dispatch

/// Runs the renderer's CPU-bound async work on Dispatch threads. Left on the cooperative pool
/// (one thread per core), a few renders would starve the fake's HTTP handlers, and status polls
/// and streams would go quiet for seconds: a fake that stalls where FAL would not.
final class RenderExecutor: TaskExecutor {
    static let shared = RenderExecutor()
    private let queue = DispatchQueue(label: "fake-fal.render", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
