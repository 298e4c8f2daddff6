import CMallocTuning
import Glibc
import InflioCLI
import PersonaKit

/// The executable only tunes the allocator, then hands over to the command line library.
@main
enum Entry {
    static func main() async {
        // glibc opens up to 8 arenas per core and slides its mmap threshold up to 32 MB after the
        // first large free, so decoded photos land in arenas that keep their peak: the server
        // reached 370–410 MB on a 20-photo upload, 255–265 MB with this (docs/benchmarks.md).
        // One arena per compute thread (INFLIO_CPU_THREADS or the cores this process may use; 2 to
        // 8) is enough to keep threads from waiting on each other, and each arena holds its own
        // high-water mark. INFLIO_MALLOC_DEFAULTS=1 keeps glibc's own
        // settings (for comparing).
        if getenv("INFLIO_MALLOC_DEFAULTS") == nil {
            _ = inflio_tune_malloc(Int32(min(8, max(2, System.computeThreads))), 256 << 10)
        }
        await InflioCommand.main()
    }
}
