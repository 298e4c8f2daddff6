import Faces

/// Overall verdict on a set of photos.
public enum AnalysisQuality: String, Sendable, Codable {
    case excellent, good
    case needsImprovement = "needs_improvement"
}

/// The findings on a whole set: who the person is, which photos repeat or show someone else,
/// how consistent the identity is, and which photos to use as references.
public struct SetAnalysis: Sendable {
    public var photos: [PhotoAnalysis]
    /// Indices into `photos`.
    public var referenceIndices: [Int]
    public var usableCount: Int
    public var analysisQuality: AnalysisQuality
    public var consistencyScore: Double
    /// Mean descriptor of the usable photos: the persona's identity. Biometric, never printed.
    public var identityCentroid: FaceEmbedding?

    public var hasEnoughPhotos: Bool { usableCount >= AnalysisThresholds.standard.minimumUsablePhotos }
}

public enum SetAnalyzer {
    public static func analyze(_ input: [PhotoAnalysis], thresholds: AnalysisThresholds = .standard) -> SetAnalysis {
        var photos = input
        markDuplicates(&photos, thresholds: thresholds)
        let centroid = markOtherPeople(&photos, thresholds: thresholds)

        let usable = photos.indices.filter { photos[$0].isUsable }
        let identity = FaceEmbedding.centroid(of: usable.compactMap { photos[$0].embedding }) ?? centroid
        let consistency = consistencyScore(
            usable.compactMap { photos[$0].embedding }, centroid: identity, thresholds: thresholds)
        let references = ReferenceSelector.select(
            usable.map {
                ReferenceSelector.Candidate(
                    id: $0, overall: photos[$0].quality.overall, pose: photos[$0].pose!,
                    embedding: photos[$0].embedding!)
            },
            count: thresholds.referenceCount)
        let meanReferenceQuality =
            references.isEmpty
            ? 0 : references.map { photos[$0].quality.overall }.reduce(0, +) / Double(references.count)
        return SetAnalysis(
            photos: photos, referenceIndices: references, usableCount: usable.count,
            analysisQuality: quality(
                usable: usable.count, meanReferenceQuality: meanReferenceQuality, consistency: consistency,
                thresholds: thresholds),
            consistencyScore: consistency, identityCentroid: identity)
    }

    /// analysisQuality:
    /// - excellent: at least 6 usable photos (a full reference set), references averaging an
    ///   overall score ≥ 0.70, and consistency ≥ 0.55;
    /// - good: at least 5 usable photos and references averaging ≥ 0.50;
    /// - needs_improvement: anything less, always when fewer than 5 photos are usable.
    static func quality(usable: Int, meanReferenceQuality: Double, consistency: Double, thresholds: AnalysisThresholds)
        -> AnalysisQuality
    {
        if usable >= thresholds.referenceCount && meanReferenceQuality >= 0.70 && consistency >= 0.55 {
            return .excellent
        }
        if usable >= thresholds.minimumUsablePhotos && meanReferenceQuality >= 0.50 { return .good }
        return .needsImprovement
    }

    /// consistencyScore = mean over usable photos of max(0, 1 − d / 0.6), d being the photo's
    /// descriptor distance to the identity centroid: 1 when every photo sits on the centroid, 0
    /// when they are all at the same-person bar. 0 without usable photos.
    public static func consistencyScore(
        _ embeddings: [FaceEmbedding], centroid: FaceEmbedding?, thresholds: AnalysisThresholds = .standard
    ) -> Double {
        guard let centroid, !embeddings.isEmpty else { return 0 }
        let margins = embeddings.map { clamp01(1 - $0.distance(to: centroid) / thresholds.samePersonDistance) }
        return margins.reduce(0, +) / Double(margins.count)
    }

    /// A byte-identical file, or the same shot re-encoded, resized or letterboxed, repeats the
    /// first photo of the set that shows it; the later one is flagged.
    static func markDuplicates(_ photos: inout [PhotoAnalysis], thresholds: AnalysisThresholds) {
        for i in photos.indices where photos[i].ok {
            for j in 0..<i where photos[j].ok && photos[j].duplicateOf == nil {
                if isDuplicate(photos[i], of: photos[j], thresholds: thresholds) {
                    photos[i].duplicateOf = photos[j].file
                    photos[i].add(.duplicate(of: photos[j].file))
                    break
                }
            }
        }
    }

    static func isDuplicate(_ a: PhotoAnalysis, of b: PhotoAnalysis, thresholds: AnalysisThresholds) -> Bool {
        if let ha = a.contentHash, ha == b.contentHash { return true }
        guard let fa = a.fingerprint, let fb = b.fingerprint else { return false }
        // Both with a face or both without: a face-anchored hash never matches a whole-frame one.
        guard (a.embedding == nil) == (b.embedding == nil) else { return false }
        if let ea = a.embedding, let eb = b.embedding, ea.distance(to: eb) >= thresholds.samePersonDistance {
            return false
        }
        return fa.hammingDistance(to: fb) <= thresholds.nearDuplicateBits
    }

    /// Finds the dominant identity, the largest group of photos within the same-person distance of
    /// one of them, and flags every other face as a different person. Duplicates are left out
    /// (they count once). Returns the group's centroid.
    static func markOtherPeople(_ photos: inout [PhotoAnalysis], thresholds: AnalysisThresholds) -> FaceEmbedding? {
        let candidates = photos.indices.filter { photos[$0].embedding != nil && photos[$0].duplicateOf == nil }
        guard !candidates.isEmpty else { return nil }
        let bar = thresholds.samePersonDistance
        var best: (members: [Int], meanDistance: Double)?
        for i in candidates {
            let distances = candidates.map { (j: $0, d: photos[i].embedding!.distance(to: photos[$0].embedding!)) }
            let members = distances.filter { $0.d < bar }
            let meanDistance = members.map(\.d).reduce(0, +) / Double(members.count)
            if best == nil || members.count > best!.members.count
                || (members.count == best!.members.count && meanDistance < best!.meanDistance)
            {
                best = (members.map(\.j), meanDistance)
            }
        }
        let centroid = FaceEmbedding.centroid(of: best!.members.map { photos[$0].embedding! })!
        for i in candidates where photos[i].embedding!.distance(to: centroid) >= bar {
            photos[i].add(.differentPerson)
        }
        return centroid
    }
}
