import CMallocTuning

/// A render allocates and frees a few dozen full-size buffers (pictures, mattes, float planes),
/// and with the server's 256 KiB mmap threshold each was mapped fresh: about 28,000 page faults
/// per 1024×1280 portrait, a quarter of its CPU time spent in the kernel. Inside this scope large
/// blocks come from malloc's arenas and are reused by the next buffer of the same size; each
/// scope's end gives the freed memory back to the system, and the last one's restores the
/// server's thresholds (docs/operations.md, Memory). The thresholds are the process's, so an
/// upload decoded meanwhile on another thread is served from the arenas too, and given back with
/// the render's.
enum LargeBlockReuse {
    static func during<T>(_ body: () throws -> T) rethrows -> T {
        let counted = inflio_malloc_reuse_begin()
        defer { _ = inflio_malloc_reuse_end(counted) }
        return try body()
    }
}
