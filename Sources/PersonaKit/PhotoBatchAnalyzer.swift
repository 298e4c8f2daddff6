import Dispatch
import Faces
import Foundation
import Synchronization

/// Analyses many photos in parallel, one worker per core, each with its own face engine. The
/// models are loaded once (by the caller's `FaceModels`) and the engines are kept for later batches.
/// Safe to call from several threads at once: engines are checked out of a pool, so concurrent
/// batches share the cores instead of sharing an engine.
public final class PhotoBatchAnalyzer: Sendable {
    private let idle: Mutex<[PhotoAnalyzer]>
    private let available: DispatchSemaphore
    public let workers: Int
    public let thresholds: AnalysisThresholds
    /// SFace, asked beside dlib for every face when given (nil: dlib alone).
    public let secondOpinion: SFaceRecognizer?

    public init(
        models: FaceModels, workers: Int = System.computeThreads, thresholds: AnalysisThresholds = .standard,
        secondOpinion: SFaceRecognizer? = nil
    ) throws {
        let count = max(1, workers)
        idle = Mutex(
            try (0..<count).map { _ in
                PhotoAnalyzer(engine: try models.makeEngine(), thresholds: thresholds, secondOpinion: secondOpinion)
            })
        available = DispatchSemaphore(value: count)
        self.workers = count
        self.thresholds = thresholds
        self.secondOpinion = secondOpinion
    }

    /// One analysis per path, in input order. Files that cannot be read carry their error.
    public func analyze(files: [String]) -> [PhotoAnalysis] {
        run(count: files.count) { analyzer, i in analyzer.analyze(fileAt: files[i]) }
    }

    /// Files read one per worker at a time, reported under the given names (e.g. an upload's
    /// original file name rather than its spool path).
    public func analyze(files: [String], names: [String]) -> [PhotoAnalysis] {
        precondition(files.count == names.count)
        return run(count: files.count) { analyzer, i in analyzer.analyze(fileAt: files[i], name: names[i]) }
    }

    /// `secondOpinion: false` leaves SFace out even when the analyzer has it (where no identity is judged).
    public func analyze(photos: [(name: String, bytes: [UInt8])], secondOpinion: Bool = true) -> [PhotoAnalysis] {
        run(count: photos.count) { analyzer, i in
            analyzer.analyze(bytes: photos[i].bytes, name: photos[i].name, secondOpinion: secondOpinion)
        }
    }

    /// Each worker takes the next unanalysed photo until none is left.
    private func run(count: Int, _ body: @Sendable (PhotoAnalyzer, Int) -> PhotoAnalysis) -> [PhotoAnalysis] {
        let next = Atomic<Int>(0)
        let results = Mutex<[PhotoAnalysis?]>(Array(repeating: nil, count: count))
        BackgroundThreads.perform(iterations: min(workers, count)) { _ in
            available.wait()
            let analyzer = idle.withLock { $0.removeLast() }
            defer {
                idle.withLock { $0.append(analyzer) }
                available.signal()
            }
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < count else { return }
                let analysis = body(analyzer, i)
                results.withLock { $0[i] = analysis }
            }
        }
        return results.withLock { $0.map { $0! } }
    }
}
