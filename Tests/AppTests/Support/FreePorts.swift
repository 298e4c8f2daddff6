import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Ports for a server process the test starts itself, whose port must be known before it
/// listens (a webhook URL, a cluster's addresses). They come from below Linux's ephemeral range
/// (32768 and up), where no outgoing connection takes a port behind the test's back, and each is
/// checked free by binding it once; a neighbouring test could still take one in the moment
/// between, which is what `ServerProcess.start` reports quickly instead of waiting out its minutes.
enum FreePorts {
    /// `count` consecutive free ports; the first.
    static func consecutive(_ count: Int = 1) throws -> Int {
        for _ in 0..<50 {
            let base = Int.random(in: 15_000...(32_000 - count))
            if (base..<(base + count)).allSatisfy(isFree) { return base }
        }
        throw TestFailure("no \(count) consecutive free ports below 32000")
    }

    static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
