import ArgumentParser
import Faces
import Foundation
import PersonaKit

extension CompareCommand {
    /// `--model sface` and `--model both`. dlib still finds each face and its five landmarks (SFace
    /// has no detector here); SFace then reads the face they place, in the image the analysis decoded.
    func runSecondOpinion(models: FaceModels) throws {
        let analyzer = try PhotoBatchAnalyzer(models: models, secondOpinion: SFaceRecognizer.loadOrExplain())
        func analyse(_ files: [String]) -> [String: PhotoAnalysis] {
            Dictionary(uniqueKeysWithValues: zip(files, analyzer.analyze(files: files)))
        }
        if let pairs {
            let rows = try PairsFile.read(pairs, root: root)
            let photos = analyse(Array(Set(rows.flatMap { [$0.a, $0.b] })).sorted())
            try JSONOutput.print(
                rows.map { row in
                    opinion(a: photos[row.a]!, b: photos[row.b]!, names: (row.displayA, row.displayB), listed: true)
                })
            return
        }
        let photos = analyse(photos)
        let result = opinion(
            a: photos[self.photos[0]]!, b: photos[self.photos[1]]!, names: (self.photos[0], self.photos[1]),
            listed: false)
        if let error = result.error {
            if json {
                try JSONOutput.print(result)
            } else {
                FileHandle.writeError("error: \(error.code): \(error.message)")
            }
            throw ExitCode(1)
        }
        if json {
            try JSONOutput.print(result)
        } else {
            print(result.sentence)
        }
    }

    /// One pair's answer; `listed` rows (from --pairs) name their photos.
    private func opinion(a: PhotoAnalysis, b: PhotoAnalysis, names: (String, String), listed: Bool)
        -> SecondOpinionResult
    {
        let shown: (String?, String?) = listed ? names : (nil, nil)
        func failed(_ error: PhotoError) -> SecondOpinionResult {
            SecondOpinionResult(a: shown.0, b: shown.1, model: model, dlib: nil, sface: nil, error: error)
        }
        // The same error dlib alone would report comes first: the photo, or its face, is missing.
        // The analysis asks SFace of every face dlib describes, or fails the photo.
        guard let da = a.embedding, let db = b.embedding, let sa = a.secondOpinion, let sb = b.secondOpinion else {
            let (name, analysis) = a.embedding == nil || a.secondOpinion == nil ? (names.0, a) : (names.1, b)
            return failed(analysis.error ?? PhotoError(code: "no_face", message: "No face was found in \(name)."))
        }
        let dlib = ModelOpinion(distance: da.distance(to: db), threshold: FaceEmbedding.samePersonThreshold)
        let sface = ModelOpinion(distance: sa.distance(to: sb), threshold: SFaceEmbedding.samePersonThreshold)
        return SecondOpinionResult(
            a: shown.0, b: shown.1, model: model, dlib: model == .both ? dlib : nil, sface: sface, error: nil)
    }
}
