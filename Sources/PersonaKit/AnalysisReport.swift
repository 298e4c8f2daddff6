/// The JSON of `inflio analyze --json`, field for field as documented in docs/cli.md.
public struct AnalysisReport: Encodable, Sendable {
    public struct Photo: Encodable, Sendable {
        public let file: String
        public let ok: Bool
        public let error: PhotoError?
        public let width: Int
        public let height: Int
        public let faces: Int
        public let quality: QualityScores
        public let issues: [PhotoIssue]
        public let duplicateOf: String?

        enum CodingKeys: String, CodingKey { case file, ok, error, width, height, faces, quality, issues, duplicateOf }

        // Written by hand so that absent values are an explicit null, as the contract says.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(ok, forKey: .ok)
            try c.encode(error, forKey: .error)
            try c.encode(width, forKey: .width)
            try c.encode(height, forKey: .height)
            try c.encode(faces, forKey: .faces)
            try c.encode(quality, forKey: .quality)
            try c.encode(issues, forKey: .issues)
            try c.encode(duplicateOf, forKey: .duplicateOf)
        }
    }

    public struct Summary: Encodable, Sendable {
        public let usablePhotos: Int
        public let analysisQuality: AnalysisQuality
        public let referencePhotos: [String]
        public let consistencyScore: Double
        /// The two groups of files when the photos show two people about equally; otherwise null.
        public let ambiguousGroups: [[String]]?

        enum CodingKeys: String, CodingKey {
            case usablePhotos, analysisQuality, referencePhotos, consistencyScore, ambiguousGroups
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(usablePhotos, forKey: .usablePhotos)
            try c.encode(analysisQuality, forKey: .analysisQuality)
            try c.encode(referencePhotos, forKey: .referencePhotos)
            try c.encode(consistencyScore, forKey: .consistencyScore)
            try c.encode(ambiguousGroups, forKey: .ambiguousGroups)
        }
    }

    public let photos: [Photo]
    public let summary: Summary

    public init(_ set: SetAnalysis) {
        photos = set.photos.map { p in
            Photo(
                file: p.file, ok: p.ok, error: p.error, width: p.width, height: p.height, faces: p.faceCount,
                quality: p.quality.rounded(), issues: p.issues, duplicateOf: p.duplicateOf)
        }
        summary = Summary(
            usablePhotos: set.usableCount, analysisQuality: set.analysisQuality,
            referencePhotos: set.referenceIndices.map { set.photos[$0].file },
            consistencyScore: roundScore(set.consistencyScore),
            ambiguousGroups: set.ambiguousGroups.map { $0.map { $0.map { set.photos[$0].file } } })
    }
}

public func roundScore(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

extension QualityScores {
    func rounded() -> QualityScores {
        QualityScores(
            lighting: roundScore(lighting), clarity: roundScore(clarity), angle: roundScore(angle),
            overall: roundScore(overall))
    }
}
