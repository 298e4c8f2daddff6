/// dlib's 128-D face descriptor. Two photos of one person lie within Euclidean distance 0.6
/// (dlib's documented bar, 99.38% on LFW). Biometric data: never log or print it.
public struct FaceEmbedding: Sendable, Equatable {
    public let values: [Float]

    /// dlib's same-person bar.
    public static let samePersonThreshold = 0.6

    public init(values: [Float]) {
        precondition(values.count == 128, "a dlib face descriptor has 128 values")
        self.values = values
    }

    public func distance(to other: FaceEmbedding) -> Double {
        var sum: Float = 0
        for i in 0..<128 {
            let d = values[i] - other.values[i]
            sum += d * d
        }
        return Double(sum.squareRoot())
    }

    /// The mean of several descriptors: the identity centroid of a set of photos.
    public static func centroid(of embeddings: [FaceEmbedding]) -> FaceEmbedding? {
        guard !embeddings.isEmpty else { return nil }
        var sum = [Float](repeating: 0, count: 128)
        for e in embeddings { for i in 0..<128 { sum[i] += e.values[i] } }
        let n = Float(embeddings.count)
        return FaceEmbedding(values: sum.map { $0 / n })
    }
}

extension FaceEmbedding: CustomStringConvertible {
    /// Keeps descriptors out of logs and string interpolation by accident.
    public var description: String { "FaceEmbedding(128 values, redacted)" }
}
