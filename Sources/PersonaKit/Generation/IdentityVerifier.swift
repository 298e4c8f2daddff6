import Faces

/// Checks a generated portrait against the persona's identity, with the same engine as the photos.
public struct PortraitVerification: Sendable, Equatable {
    public let faceFound: Bool
    /// Descriptor distance from the portrait's main face to the identity centroid.
    public let distance: Double?
    public let verified: Bool

    public init(faceFound: Bool, distance: Double?, verified: Bool) {
        self.faceFound = faceFound
        self.distance = distance
        self.verified = verified
    }
}

public struct IdentityVerifier: Sendable {
    let analyzer: PhotoBatchAnalyzer

    public init(analyzer: PhotoBatchAnalyzer) { self.analyzer = analyzer }

    /// Verified when the portrait has a face within the same-person bar of `identity`.
    public func verify(_ imageBytes: [UInt8], identity: FaceEmbedding) -> PortraitVerification {
        let analysis = analyzer.analyze(photos: [(name: "portrait", bytes: imageBytes)])[0]
        guard let embedding = analysis.embedding else {
            return PortraitVerification(faceFound: false, distance: nil, verified: false)
        }
        let distance = embedding.distance(to: identity)
        return PortraitVerification(
            faceFound: true, distance: distance, verified: distance < analyzer.thresholds.samePersonDistance)
    }

    /// The persona's consistencyScore from its portraits: mean of max(0, 1 − d/0.6) over the
    /// current portrait of each scenario, a portrait without a face counting 0.
    public static func consistencyScore(distances: [Double?], bar: Double = FaceEmbedding.samePersonThreshold) -> Double
    {
        guard !distances.isEmpty else { return 0 }
        return distances.map { d in d.map { max(0, 1 - $0 / bar) } ?? 0 }.reduce(0, +) / Double(distances.count)
    }
}
