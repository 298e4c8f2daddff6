import CMallocTuning

/// A render allocates and frees a few dozen full-size buffers (pictures, mattes, float planes),
/// and with the server's 256 KiB mmap threshold each was mapped fresh: about 28,000 page faults
/// per 1024×1280 portrait, a quarter of its CPU time spent in the kernel. Inside this scope large
/// blocks come from malloc's arenas and are reused by the next buffer of the same size; each
/// scope's end gives the freed memory back to the system, and the last one's restores the
/// server's thresholds (docs/operations.md, Memory).
enum LargeBlockReuse {
    static func during<T>(_ body: () throws -> T) rethrows -> T {
        inflio_malloc_reuse_begin()
        defer { inflio_malloc_reuse_end() }
        return try body()
    }
}
