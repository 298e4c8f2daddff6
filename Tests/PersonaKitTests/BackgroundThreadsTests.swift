import Foundation
import PersonaKit
import Synchronization
import Testing

/// CPU-bound work runs on threads of its own below request handling; the caller's thread keeps
/// its priority, and so does every thread not made for such work.
@Suite struct BackgroundThreadsTests {
    /// Helpers come from a budget shared by the whole process (other suites analysing at the
    /// same moment may hold it all), so which threads run which index is not fixed: what is, is
    /// that each runs once, on the caller at its own niceness or on a lowered helper.
    @Test func everyIterationRunsOnceOnTheCallerOrALoweredThread() throws {
        let before = try #require(BackgroundPriority.currentNiceness)
        let caller = pthread_self()
        let calls = Mutex<[Int: Int]>([:])
        let seen = Mutex<[(caller: Bool, niceness: Int32?)]>([])
        BackgroundThreads.perform(iterations: 200, width: 3) { i in
            let entry = (pthread_equal(pthread_self(), caller) != 0, BackgroundPriority.currentNiceness)
            usleep(100)
            calls.withLock { $0[i, default: 0] += 1 }
            seen.withLock { $0.append(entry) }
        }
        #expect(calls.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<200).map { ($0, 1) }))
        let entries = seen.withLock { $0 }
        #expect(entries.filter { !$0.caller }.allSatisfy { $0.niceness == BackgroundPriority.loweredNiceness })
        #expect(entries.filter(\.caller).allSatisfy { $0.niceness == before })
        #expect(BackgroundPriority.currentNiceness == before, "the caller's thread is not lowered")
    }

    @Test func oneIterationRunsOnTheCaller() {
        let caller = pthread_self()
        let onCaller = Mutex(false)
        BackgroundThreads.perform(iterations: 1) { _ in
            let same = pthread_equal(pthread_self(), caller) != 0
            onCaller.withLock { $0 = same }
        }
        #expect(onCaller.withLock { $0 })
    }

    @Test func nothingToDoReturnsAtOnce() {
        BackgroundThreads.perform(iterations: 0) { _ in Issue.record("ran") }
    }

    @Test func runAnswersFromALoweredThread() async throws {
        let niceness = try await BackgroundThreads.run { BackgroundPriority.currentNiceness }
        #expect(niceness == BackgroundPriority.loweredNiceness)
        await #expect(throws: CancellationError.self) {
            try await BackgroundThreads.run { throw CancellationError() }
        }
    }

    /// A lowered thread never resumes a task itself: Swift's pool would grow its next worker
    /// from it, and that worker (inheriting the niceness) would then run request handlers at
    /// background priority. After many resumes at once, the only lowered threads in the whole
    /// test process (every suite's included) are the ones made for the work. This checks the
    /// invariant; it cannot force the pool to grow a worker at the wrong moment.
    @Test func noThreadButTheWorkersIsLowered() async throws {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<64 {
                group.addTask {
                    try await BackgroundThreads.run {
                        usleep(2000)
                        return i
                    }
                }
            }
            for try await _ in group {}
        }
        // Run at niceness 17 or more, ours (capped at 19) is not above Dispatch's +2: no telling.
        guard BackgroundPriority.loweredNiceness > BackgroundPriority.processNiceness + 2 else { return }
        var lowered: [String] = []
        for task in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") {
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
                let close = stat.range(of: ")", options: .backwards)
            else { continue }  // ended meanwhile
            // After the name: state is field 3, niceness field 19.
            let fields = stat[close.upperBound...].split(separator: " ")
            // Ours, or inherited from ours: the lowered niceness. Dispatch sets its own workers'
            // niceness from their queue's QoS when they start (seen under gdb: +2 for a utility
            // queue's, such as the brand PDF reader's; its "-qos.overcommit" workers were taken for
            // ones that had inherited ours and failed this test now and then), and a worker that
            // had inherited ours could not be raised back from it: it would show ours.
            if let niceness = Int32(fields[16]), niceness >= BackgroundPriority.loweredNiceness {
                lowered.append(name.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        // The compute pools' NIO threads are named TP-#n; BackgroundThreads' own, threadName;
        // libvips starts its workers from the thread that first runs an operation (a lowered one,
        // here), and they run nothing but image operations: lowered too, rightly.
        let expected = [BackgroundThreads.threadName, "libvips worker"]
        #expect(lowered.allSatisfy { expected.contains($0) || $0.hasPrefix("TP-#") }, "\(lowered)")
    }
}
