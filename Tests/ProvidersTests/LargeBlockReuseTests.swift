import CMallocTuning
import Glibc
import Testing

@testable import Providers

/// The studio's renders reuse large blocks (`LargeBlockReuse`): inside a scope a block above the
/// server's 256 KiB mmap threshold comes from malloc's arenas, and a scope's end gives the memory
/// freed in it back to the system, whether or not other renders' scopes are still open (the other
/// suites render in this process meanwhile). Its speed is measured by `inflio bench studio`.
@Suite("Large blocks reused during a render")
struct LargeBlockReuseTests {
    /// The share of the pages from `start` (`count` bytes) the system holds in memory; a range
    /// given back entirely (ENOMEM) holds none.
    static func residentShare(_ start: UInt, _ count: Int) -> Double {
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let first = (start + page - 1) / page * page
        let pages = Int((start + UInt(count) - first) / page)
        var flags = [UInt8](repeating: 0, count: pages)
        guard mincore(UnsafeMutableRawPointer(bitPattern: first), pages * Int(page), &flags) == 0 else { return 0 }
        return Double(flags.filter { $0 & 1 == 1 }.count) / Double(pages)
    }

    @Test func aScopeServesLargeBlocksFromTheArenasAndGivesWhatItFreedBack() throws {
        // What `inflio` does at start; safe while other suites' scopes are open.
        try #require(inflio_tune_malloc(8, 256 << 10) == 1, "glibc's mallopt")
        let counted = inflio_malloc_reuse_begin()
        try #require(counted == 1)
        let small = malloc(1 << 20)!  // 1 MiB: above the server's threshold, under the scope's
        #expect(inflio_malloc_is_mapped(small) == 0, "inside a scope, from an arena")
        free(small)
        let inner = inflio_malloc_reuse_begin()
        #expect(inflio_malloc_reuse_end(inner) == 0, "an inner scope's end is not the last")
        let size = 16 << 20
        let block = malloc(size)!
        #expect(inflio_malloc_is_mapped(block) == 0, "after an inner scope's end, still from an arena")
        memset(block, 1, size)
        // Read back, so the writes cannot be optimised away: the pages are resident now.
        #expect(block.load(fromByteOffset: size / 2, as: UInt8.self) == 1)
        let freed = UInt(bitPattern: block)
        free(block)
        _ = inflio_malloc_reuse_end(counted)
        let held = Self.residentShare(freed + 4096, size - 8192)
        #expect(held < 0.25, "after the scope, \(Int(held * 100)) % of a freed 16 MiB block is still held")
    }
}
