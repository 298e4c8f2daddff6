import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// CPU-bound work (face analysis, verification, renders, the stored copies) runs on threads
/// below the priority of request handling, so that on a busy machine an event stream's write or
/// a page load is scheduled ahead of seconds of analysis rather than taking turns with it.
/// Niceness only matters while the CPUs are contended: with nothing else to run, the work gets
/// them whole. (Issue 14's benchmark could not single out its effect on event latency from the
/// machine's noise: see docs/benchmarks.md.)
public enum BackgroundPriority {
    /// Added to the process's own niceness (at most 19, the lowest).
    public static let niceness: Int32 = 10

    /// Lowers the calling thread for good. Linux keeps a nice value per thread, and an
    /// unprivileged process cannot raise one back: only for threads that run nothing else
    /// (BackgroundThreads' own, the compute pool's), never for a thread shared with other work
    /// (Dispatch's, Swift concurrency's), which would stay low for whatever it ran next. A
    /// lowered thread must not resume a waiting task either (BackgroundThreads.resume): threads
    /// it causes to be created inherit its niceness.
    public static func lowerCurrentThread() {
        #if os(Linux)
            if let current = currentNiceness, current < loweredNiceness { _ = setpriority(which, 0, loweredNiceness) }
        #endif
    }

    /// The niceness of a lowered thread: the process's own plus `niceness`, at most 19.
    public static var loweredNiceness: Int32 { min(19, processNiceness + niceness) }

    /// The calling thread's nice value (nil where it cannot be read).
    public static var currentNiceness: Int32? {
        #if os(Linux)
            errno = 0
            let value = getpriority(which, 0)
            return errno == 0 ? value : nil
        #else
            return nil
        #endif
    }

    /// The niceness the process was started with (its main thread's, whose id is the process's).
    public static let processNiceness: Int32 = {
        #if os(Linux)
            errno = 0
            let value = getpriority(which, id_t(getpid()))
            return errno == 0 ? value : 0
        #else
            return 0
        #endif
    }()

    #if os(Linux)
        /// `PRIO_PROCESS` with id 0: on Linux, the calling thread alone.
        private static let which = __priority_which_t(PRIO_PROCESS.rawValue)
    #endif
}
