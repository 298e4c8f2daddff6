/// SFace's 128-D face descriptor, scaled to unit length. Two photos of one person lie within
/// cosine distance 0.53 (docs/analysis.md#sface-a-second-opinion says where that bar comes from).
/// Not comparable with dlib's `FaceEmbedding`: another space, another distance. Biometric data:
/// never log or print it.
public struct SFaceEmbedding: Sendable, Equatable {
    public let values: [Float]

    /// The same-person bar on cosine distance (1 − cosine similarity).
    public static let samePersonThreshold = 0.53
    public static let count = 128

    /// Scales `raw` to unit length; nil when it has no direction at all (an all-zero output).
    public init?(raw: [Float]) {
        precondition(raw.count == Self.count, "an SFace descriptor has 128 values")
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 1e-6, norm.isFinite else { return nil }
        values = raw.map { $0 / norm }
    }

    /// 1 − cosine similarity: 0 for the same direction, 1 for unrelated faces, at most 2.
    public func distance(to other: SFaceEmbedding) -> Double {
        var dot: Float = 0
        for i in 0..<Self.count { dot += values[i] * other.values[i] }
        return Double(max(0, min(2, 1 - dot)))
    }

    public func isSamePerson(as other: SFaceEmbedding) -> Bool { distance(to: other) < Self.samePersonThreshold }

    /// The direction of the descriptors' mean: a set's identity for SFace (cosine distance reads
    /// only directions, so the mean is scaled back to unit length).
    public static func centroid(of embeddings: [SFaceEmbedding]) -> SFaceEmbedding? {
        guard !embeddings.isEmpty else { return nil }
        var sum = [Float](repeating: 0, count: count)
        for e in embeddings { for i in 0..<count { sum[i] += e.values[i] } }
        return SFaceEmbedding(raw: sum)
    }
}

extension SFaceEmbedding: CustomStringConvertible {
    /// Keeps descriptors out of logs and string interpolation by accident.
    public var description: String { "SFaceEmbedding(128 values, redacted)" }
}
