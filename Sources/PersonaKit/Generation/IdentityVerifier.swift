import Faces

/// How much a portrait looks like the person, by its face's distance to the identity centroid
/// (AnalysisThresholds): strong below 0.35, acceptable below 0.45, weak below 0.55, off beyond.
/// Strong and acceptable portraits are verified; a weak one is retried like an off one. When SFace
/// was asked too and disagrees (says someone else of a strong or acceptable face, or the person of
/// an off one), the portrait is weak: the uncertain band, as for photos.
public enum LikenessGrade: String, Sendable, Codable, CaseIterable {
    case strong, acceptable, weak, off

    public init(distance: Double, secondOpinionDistance: Double? = nil, thresholds: AnalysisThresholds = .standard) {
        let dlib: LikenessGrade =
            distance < thresholds.strongLikeness
            ? .strong
            : distance < thresholds.centroidSamePerson
                ? .acceptable : distance < thresholds.centroidDifferentPerson ? .weak : .off
        switch (dlib, secondOpinionDistance.map { $0 < thresholds.secondOpinionCentroidBar }) {
        case (.strong, false), (.acceptable, false), (.off, true): self = .weak
        default: self = dlib
        }
    }

    public var isVerified: Bool { self == .strong || self == .acceptable }
}

/// Checks a generated portrait against the persona's identity, with the same engine as the photos.
public struct PortraitVerification: Sendable, Equatable {
    public let faceFound: Bool
    /// Descriptor distance from the portrait's main face to the identity centroid.
    public let distance: Double?
    /// SFace's cosine distance from the same face to the persona's SFace centroid, when both exist.
    public let secondOpinionDistance: Double?
    /// Nil without a face.
    public let likeness: LikenessGrade?
    public var verified: Bool { likeness?.isVerified ?? false }
    /// The middle of the portrait's main face as a share of its width and height (0–1): where a
    /// page crops a thumbnail round, so a wide portrait's face is not cut off. Nil without a face.
    public var faceCentre: Point?

    public init(
        faceFound: Bool, distance: Double?, secondOpinionDistance: Double? = nil,
        thresholds: AnalysisThresholds = .standard
    ) {
        self.faceFound = faceFound
        self.distance = distance
        self.secondOpinionDistance = distance == nil ? nil : secondOpinionDistance
        self.likeness = distance.map {
            LikenessGrade(distance: $0, secondOpinionDistance: secondOpinionDistance, thresholds: thresholds)
        }
    }

    /// Why an unverified portrait is retried or needs review: `no_face`, `weak_likeness` or
    /// `identity_mismatch` (off).
    public var reason: String? {
        guard let likeness else { return "no_face" }
        return likeness.isVerified ? nil : likeness == .weak ? "weak_likeness" : "identity_mismatch"
    }
}

public struct IdentityVerifier: Sendable {
    let analyzer: PhotoBatchAnalyzer

    public init(analyzer: PhotoBatchAnalyzer) { self.analyzer = analyzer }

    /// Verified when the portrait has a face of strong or acceptable likeness to `identity`.
    public func verify(_ imageBytes: [UInt8], identity: PersonaIdentity) -> PortraitVerification {
        let analysis = analyzer.analyze(photos: [(name: "portrait", bytes: imageBytes)])[0]
        guard let embedding = analysis.embedding else { return PortraitVerification(faceFound: false, distance: nil) }
        var secondOpinion: Double?
        if let own = analysis.secondOpinion, let centroid = identity.secondOpinion {
            secondOpinion = own.distance(to: centroid)
        }
        var verification = PortraitVerification(
            faceFound: true, distance: embedding.distance(to: identity.centroid), secondOpinionDistance: secondOpinion,
            thresholds: analyzer.thresholds)
        if let face = analysis.face, analysis.width > 0, analysis.height > 0 {
            verification.faceCentre = Point(
                x: min(1, max(0, (face.left + face.right) / 2 / Double(analysis.width))),
                y: min(1, max(0, (face.top + face.bottom) / 2 / Double(analysis.height))))
        }
        return verification
    }

    /// The persona's consistencyScore from its portraits: mean of max(0, 1 − d/0.55) over the
    /// current portrait of each scenario (0.55: the centroid's different-person bar), a portrait
    /// without a face counting 0.
    public static func consistencyScore(
        distances: [Double?], bar: Double = AnalysisThresholds.standard.centroidDifferentPerson
    ) -> Double {
        guard !distances.isEmpty else { return 0 }
        return distances.map { d in d.map { max(0, 1 - $0 / bar) } ?? 0 }.reduce(0, +) / Double(distances.count)
    }
}
