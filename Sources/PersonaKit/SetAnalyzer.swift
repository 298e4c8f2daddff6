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
    /// The same photos' SFace centroid, when every one of them has an SFace descriptor: the
    /// second opinion's identity, against which portraits are checked too.
    public var secondOpinionCentroid: SFaceEmbedding?
    /// Indices of the usable photos: those without issues, and the soft-issue ones
    /// (`uncertain_identity`, `mirrored_copy`) only when the set has too few without them.
    public var usableIndices: [Int] = []
    /// Set when the faces split into two groups of similar size (the two largest differ by at
    /// most one photo, the second has at least two): which person is the user is not guessed.
    /// Each group's photo indices, the larger first.
    public var ambiguousGroups: [[Int]]?

    public var hasEnoughPhotos: Bool { usableCount >= AnalysisThresholds.standard.minimumUsablePhotos }
    /// Ready to build: enough usable photos of one clear person.
    public var canBuild: Bool { hasEnoughPhotos && ambiguousGroups == nil }
    public func isUsable(_ index: Int) -> Bool { usableIndices.contains(index) }
}

public enum SetAnalyzer {
    public static func analyze(_ input: [PhotoAnalysis], thresholds: AnalysisThresholds = .standard) -> SetAnalysis {
        var photos = input
        markDuplicates(&photos, thresholds: thresholds)
        let identity = markOtherPeople(&photos, thresholds: thresholds)
        let centroid = identity.centroid

        let clean = photos.indices.filter { photos[$0].isUsable }
        let usable =
            identity.ambiguous != nil
            ? []
            : clean.count >= thresholds.minimumUsablePhotos
                ? clean : photos.indices.filter { photos[$0].isUsable || photos[$0].isUsableIfNeeded }
        let identityCentroid = FaceEmbedding.centroid(of: usable.compactMap { photos[$0].embedding }) ?? centroid
        let secondOpinions = usable.compactMap { photos[$0].secondOpinion }
        let secondOpinionCentroid =
            secondOpinions.count == usable.count ? SFaceEmbedding.centroid(of: secondOpinions) : nil
        let consistency = consistencyScore(
            usable.compactMap { photos[$0].embedding }, centroid: identityCentroid, thresholds: thresholds)
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
            consistencyScore: consistency, identityCentroid: identityCentroid,
            secondOpinionCentroid: secondOpinionCentroid, usableIndices: usable,
            ambiguousGroups: identity.ambiguous)
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

    /// consistencyScore = mean over usable photos of max(0, 1 − d / 0.55), d being the photo's
    /// descriptor distance to the identity centroid: 1 when every photo sits on the centroid, 0
    /// when they are all at the centroid's different-person bar. 0 without usable photos.
    public static func consistencyScore(
        _ embeddings: [FaceEmbedding], centroid: FaceEmbedding?, thresholds: AnalysisThresholds = .standard
    ) -> Double {
        guard let centroid, !embeddings.isEmpty else { return 0 }
        let margins = embeddings.map { clamp01(1 - $0.distance(to: centroid) / thresholds.centroidDifferentPerson) }
        return margins.reduce(0, +) / Double(margins.count)
    }

    /// A byte-identical file, or the same shot re-encoded, resized, letterboxed, cropped, turned
    /// or brightened, repeats the first photo of the set that shows it; the later one is flagged.
    /// A mirror image of an earlier photo gets the soft `mirrored_copy`: it counts only while the
    /// set has too few others (the Swift and browser tests' sets are three shots and their
    /// mirror images, as a person with few photos might upload).
    static func markDuplicates(_ photos: inout [PhotoAnalysis], thresholds: AnalysisThresholds) {
        var mirrors: Set<Int> = []
        for i in photos.indices where photos[i].ok {
            let earlier = (0..<i).filter { photos[$0].ok && photos[$0].duplicateOf == nil }
            if let j = earlier.first(where: { isDuplicate(photos[i], of: photos[$0], thresholds: thresholds) }) {
                photos[i].duplicateOf = photos[j].file
                photos[i].add(.duplicate(of: photos[j].file))
            } else if let j = earlier.first(where: {
                !mirrors.contains($0) && isMirrorCopy(photos[i], of: photos[$0], thresholds: thresholds)
            }) {
                mirrors.insert(i)
                photos[i].add(.mirroredCopy(of: photos[j].file))
            }
        }
    }

    /// The same face mirrored, by the face's own fingerprint (`NearDuplicateFingerprint.mirrored`).
    static func isMirrorCopy(_ a: PhotoAnalysis, of b: PhotoAnalysis, thresholds: AnalysisThresholds) -> Bool {
        guard let ca = a.faceFingerprint, let cb = b.faceFingerprint, let ea = a.embedding, let eb = b.embedding,
            ea.distance(to: eb) < thresholds.samePersonDistance
        else { return false }
        let mirrored = ca.hammingDistance(to: cb.mirrored)
        return mirrored <= thresholds.nearDuplicateFaceBits && mirrored < ca.hammingDistance(to: cb)
    }

    static func isDuplicate(_ a: PhotoAnalysis, of b: PhotoAnalysis, thresholds: AnalysisThresholds) -> Bool {
        if let ha = a.contentHash, ha == b.contentHash { return true }
        guard let fa = a.fingerprint, let fb = b.fingerprint else { return false }
        // Both with a face or both without: a face-anchored hash never matches a whole-frame one.
        guard (a.embedding == nil) == (b.embedding == nil) else { return false }
        if let ea = a.embedding, let eb = b.embedding, ea.distance(to: eb) >= thresholds.samePersonDistance {
            return false
        }
        if fa.hammingDistance(to: fb) <= thresholds.nearDuplicateBits { return true }
        // The face alone: a copy cropped or turned past the wide hash (a tester's turned copies
        // each became a "distinct" reference). Not when it is nearer still mirrored: a symmetric
        // face's mirror image may come within the bar both ways, and is then `mirrored_copy`.
        guard let ca = a.faceFingerprint, let cb = b.faceFingerprint else { return false }
        let distance = ca.hammingDistance(to: cb)
        return distance <= thresholds.nearDuplicateFaceBits && distance <= ca.hammingDistance(to: cb.mirrored)
    }

    /// Who the set shows. Faces are grouped by the pairwise same-person bar: the largest group of
    /// photos within 0.6 of one of them is the person, its centroid the identity. Each face is then
    /// judged by its distance to that centroid (leave-one-out for the group's own photos, as the
    /// bars were measured): from `centroidDifferentPerson` it is `different_person`, from
    /// `centroidSamePerson` `uncertain_identity`. When a second group is about as large (at most one
    /// photo fewer, and at least two) and its centroid is the different-person bar or more from the
    /// first's, the set is ambiguous: no group is picked, only faces far from both are flagged.
    /// Duplicates are left out (they count once). When the faces carry SFace's descriptors too, a
    /// face is the person only when SFace agrees, and a disagreement is uncertain (`IdentityVerdict`).
    static func markOtherPeople(_ photos: inout [PhotoAnalysis], thresholds: AnalysisThresholds) -> (
        centroid: FaceEmbedding?, ambiguous: [[Int]]?
    ) {
        let candidates = photos.indices.filter { photos[$0].embedding != nil && photos[$0].duplicateOf == nil }
        guard let best = largestGroup(candidates, photos, bar: thresholds.samePersonDistance) else {
            return (nil, nil)
        }
        let centroid = FaceEmbedding.centroid(of: best.map { photos[$0].embedding! })!
        let rest = candidates.filter { !best.contains($0) }
        // Two groups are two people only when their centroids are apart by the different-person
        // bar: one person's left and right three-quarter views can split by the pairwise bar.
        if let second = largestGroup(rest, photos, bar: thresholds.samePersonDistance), second.count >= 2,
            best.count - second.count <= 1,
            let other = FaceEmbedding.centroid(of: second.map { photos[$0].embedding! }),
            other.distance(to: centroid) >= thresholds.centroidDifferentPerson
        {
            for i in rest where !second.contains(i) {
                let e = photos[i].embedding!
                if min(e.distance(to: centroid), e.distance(to: other)) >= thresholds.centroidDifferentPerson {
                    photos[i].add(.differentPerson)
                }
            }
            return (centroid, [best, second])
        }
        for i in candidates {
            let d = distanceToCentroid(i, group: best, photos)
            let secondOpinion = secondOpinionDistance(i, group: best, photos).map {
                $0 < thresholds.secondOpinionCentroidBar
            }
            switch IdentityVerdict(distance: d, secondOpinionSaysSame: secondOpinion, thresholds: thresholds) {
            case .differentPerson: photos[i].add(.differentPerson)
            case .uncertain: photos[i].add(.uncertainIdentity)
            case .samePerson: break
            }
        }
        return (centroid, nil)
    }

    /// SFace's distance from a face to the group's SFace centroid, taken as `distanceToCentroid`
    /// takes dlib's; nil unless the face and every member have an SFace descriptor.
    static func secondOpinionDistance(_ i: Int, group: [Int], _ photos: [PhotoAnalysis]) -> Double? {
        let others = group.filter { $0 != i }
        let members = others.count >= 3 ? others : group
        let descriptors = members.compactMap { photos[$0].secondOpinion }
        guard let own = photos[i].secondOpinion, descriptors.count == members.count,
            let centroid = SFaceEmbedding.centroid(of: descriptors)
        else { return nil }
        return own.distance(to: centroid)
    }

    /// The largest group of `candidates` within `bar` of one of them (ties: the tighter group).
    static func largestGroup(_ candidates: [Int], _ photos: [PhotoAnalysis], bar: Double) -> [Int]? {
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
        return best?.members
    }

    /// A face's distance to the group's centroid. A member is measured against the centroid of the
    /// others when there are at least three (the bars were measured that way: a centroid that holds
    /// the face leans towards it); in a smaller group the others' mean is hardly a centroid (with
    /// one other it is a pairwise distance, which the centroid bars do not apply to), so the whole
    /// group's centroid is used, as for any face outside the group.
    static func distanceToCentroid(_ i: Int, group: [Int], _ photos: [PhotoAnalysis]) -> Double {
        let others = group.filter { $0 != i }
        let members = others.count >= 3 ? others : group
        let centroid = FaceEmbedding.centroid(of: members.map { photos[$0].embedding! })!
        return photos[i].embedding!.distance(to: centroid)
    }
}
