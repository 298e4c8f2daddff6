import Crypto
import Foundation
import PersonaKit

/// The fake's memory of reference images it has already measured, by the SHA-256 of their bytes.
/// A persona's references come back in all five of its portrait requests (and the same photo in
/// every persona of a benchmark); measuring each once keeps the fake's CPU, which shares the
/// machine with the service under test, from passing for the service's own cost.
final class ReferenceAnalysisCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [SHA256.Digest: PhotoAnalysis] = [:]
    private var order: [SHA256.Digest] = []
    private let capacity: Int

    init(capacity: Int = 512) { self.capacity = capacity }

    static func key(for bytes: [UInt8]) -> SHA256.Digest { SHA256.hash(data: bytes) }

    func analysis(for key: SHA256.Digest) -> PhotoAnalysis? { lock.withLock { entries[key] } }

    func store(_ analysis: PhotoAnalysis, for key: SHA256.Digest) {
        lock.withLock {
            if entries.updateValue(analysis, forKey: key) == nil { order.append(key) }
            // Oldest first out: a long-running fake keeps its memory bounded.
            while order.count > capacity { entries[order.removeFirst()] = nil }
        }
    }

    /// Analyses of `photos` in order: remembered ones reused, the rest measured by `analyze` at once.
    func analyses(
        of photos: [(name: String, bytes: [UInt8])],
        analyze: ([(name: String, bytes: [UInt8])]) -> [PhotoAnalysis]
    ) -> [PhotoAnalysis] {
        let keys = photos.map { Self.key(for: $0.bytes) }
        var found = keys.map { analysis(for: $0) }
        let missing = found.indices.filter { found[$0] == nil }
        if !missing.isEmpty {
            let fresh = analyze(missing.map { photos[$0] })
            for (i, analysis) in zip(missing, fresh) {
                found[i] = analysis
                store(analysis, for: keys[i])
            }
        }
        return found.map { $0! }
    }
}
