import Foundation

/// Samples how many sockets a process holds open, every 50 ms, until stopped.
final class SocketWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var most = 0
    var peak: Int { lock.withLock { most } }

    init(pid: Int32) {
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
                let count = fds.filter {
                    ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")) ?? "")
                        .hasPrefix("socket:")
                }.count
                lock.withLock { most = max(most, count) }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    func stop() { lock.withLock { running = false } }
}
