import Faces

/// Picks the reference photos for generation: good ones, and unlike each other.
///
/// Greedy: the best photo first; then, each round, the candidate with the highest
/// `0.6 × overall + 0.4 × diversity`, where diversity is its dissimilarity to the closest photo
/// already picked (0–1): head pose differences (yaw per 30°, pitch per 20°, roll per 20°) and the
/// identity-descriptor distance per 0.3 (a proxy for expression and lighting, which move the
/// descriptor within one person), combined as a Euclidean norm and capped at 1. So two
/// near-identical frontal shots are not both picked over a good three-quarter view.
public enum ReferenceSelector {
    public struct Candidate: Sendable {
        public let id: Int
        public let overall: Double
        public let pose: HeadPose
        public let embedding: FaceEmbedding

        public init(id: Int, overall: Double, pose: HeadPose, embedding: FaceEmbedding) {
            self.id = id
            self.overall = overall
            self.pose = pose
            self.embedding = embedding
        }
    }

    static let qualityWeight = 0.6
    static let diversityWeight = 0.4

    /// Returns up to `count` candidate ids, in the order picked.
    public static func select(_ candidates: [Candidate], count: Int) -> [Int] {
        var remaining = candidates
        var picked: [Candidate] = []
        while picked.count < count, !remaining.isEmpty {
            let scores = remaining.map { candidate -> Double in
                guard !picked.isEmpty else { return candidate.overall }
                let diversity = picked.map { dissimilarity(candidate, $0) }.min() ?? 1
                return qualityWeight * candidate.overall + diversityWeight * diversity
            }
            let best = scores.indices.max { scores[$0] < scores[$1] }!
            picked.append(remaining.remove(at: best))
        }
        return picked.map(\.id)
    }

    static func dissimilarity(_ a: Candidate, _ b: Candidate) -> Double {
        let yaw = (a.pose.yaw - b.pose.yaw) / 30
        let pitch = (a.pose.pitch - b.pose.pitch) / 20
        let roll = (a.pose.roll - b.pose.roll) / 20
        let look = a.embedding.distance(to: b.embedding) / 0.3
        return min(1, (yaw * yaw + pitch * pitch + roll * roll + look * look).squareRoot())
    }
}
