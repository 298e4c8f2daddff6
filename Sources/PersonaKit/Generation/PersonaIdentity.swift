import Faces

/// Who a persona is, for checking its portraits: dlib's identity centroid and, when the photos were
/// analysed with the second model, SFace's. Biometric: stored server-side only, never sent out.
public struct PersonaIdentity: Sendable, Equatable {
    public var centroid: FaceEmbedding
    public var secondOpinion: SFaceEmbedding?

    public init(centroid: FaceEmbedding, secondOpinion: SFaceEmbedding? = nil) {
        self.centroid = centroid
        self.secondOpinion = secondOpinion
    }
}

extension SetAnalysis {
    /// The identity the portraits are checked against; nil without a usable face.
    public var identity: PersonaIdentity? {
        identityCentroid.map { PersonaIdentity(centroid: $0, secondOpinion: secondOpinionCentroid) }
    }
}
