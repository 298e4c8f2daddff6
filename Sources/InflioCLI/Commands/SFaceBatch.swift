import Dispatch
import Faces
import Foundation
import Imaging
import PersonaKit
import Synchronization

/// SFace descriptors for photos dlib has analysed, one worker per core. SFace reads the face where
/// dlib's landmarks put it, so a photo without a dlib face has no SFace descriptor either.
enum SFaceBatch {
    /// One result per analysis, in order: the descriptor, or why there is none.
    static func embeddings(
        of analyses: [PhotoAnalysis], files: [String], recognizer: SFaceRecognizer, workers: Int = System.cores
    ) -> [Result<SFaceEmbedding, PhotoError>] {
        precondition(analyses.count == files.count)
        let results = Mutex<[Result<SFaceEmbedding, PhotoError>?]>(Array(repeating: nil, count: files.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, files.count))) { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < files.count else { return }
                let result = embedding(of: analyses[i], file: files[i], recognizer: recognizer)
                results.withLock { $0[i] = result }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    static func embedding(of analysis: PhotoAnalysis, file: String, recognizer: SFaceRecognizer) -> Result<
        SFaceEmbedding, PhotoError
    > {
        guard analysis.embedding != nil, let landmarks = analysis.landmarks else {
            return .failure(
                analysis.error ?? PhotoError(code: "no_face", message: "No face was found in \(analysis.file)."))
        }
        do {
            return .success(try recognizer.embedding(photo: ImageDecoder.readFile(atPath: file), landmarks: landmarks))
        } catch {
            return .failure(
                PhotoError(
                    code: "analysis_failed", message: "SFace could not read the face in \(analysis.file) (\(error))."))
        }
    }
}
