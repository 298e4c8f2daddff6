import CMallocTuning
import Glibc
import Testing

@testable import Providers

/// The studio's renders reuse large blocks (`LargeBlockReuse`): inside a scope a block above the
/// server's 256 KiB mmap threshold comes from malloc's arenas, and when the last scope ends the
/// memory it freed goes back to the system. Its speed is measured by `inflio bench studio`.
@Suite("Large blocks reused during a render")
struct LargeBlockReuseTests {
    /// 1 MiB: above the server's threshold, well under the scope's 32 MiB.
    static func aLargeBlockIsMapped() -> Bool {
        let block = malloc(1 << 20)
        defer { free(block) }
        return inflio_malloc_is_mapped(block) == 1
    }

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

    @Test func overlappingScopesServeLargeBlocksFromTheArenasAndGiveTheMemoryBack() throws {
        // What `inflio` does at start. The test process keeps it; other suites' renders then open
        // scopes too, so the last check runs only when no other scope was open at the end.
        try #require(inflio_tune_malloc(8, 256 << 10) == 1, "glibc's mallopt")
        let size = 16 << 20
        var freed: UInt = 0
        LargeBlockReuse.during {
            #expect(!Self.aLargeBlockIsMapped(), "inside a scope")
            LargeBlockReuse.during { #expect(!Self.aLargeBlockIsMapped(), "inside two") }
            #expect(!Self.aLargeBlockIsMapped(), "the inner scope's end does not end the outer")
            let block = malloc(size)!
            memset(block, 1, size)
            freed = UInt(bitPattern: block)
            free(block)
        }
        if inflio_malloc_reuse_depth() == 0 {
            let held = Self.residentShare(freed + 4096, size - 8192)
            #expect(held < 0.25, "after the last scope, \(Int(held * 100)) % of a freed 16 MiB block is still held")
        }
    }

    @Test func aScopeWhoseBodyThrowsStillEnds() {
        let before = inflio_malloc_reuse_depth()
        struct Failed: Error {}
        #expect(throws: Failed.self) { try LargeBlockReuse.during { throw Failed() } }
        #expect(inflio_malloc_reuse_depth() <= before, "the scope's count went back")
    }
}
