/// Whether a face is the person of a set, from its dlib distance to the identity centroid and,
/// when the second model was asked, SFace's yes or no (`AnalysisThresholds`): the person only when
/// both models say so, someone else when both say not, and uncertain (asked about) when dlib is in
/// its uncertain band or the models disagree.
public enum IdentityVerdict: Sendable, Equatable {
    case samePerson, uncertain, differentPerson

    public init(distance: Double, secondOpinionSaysSame: Bool?, thresholds: AnalysisThresholds = .standard) {
        let dlib: IdentityVerdict =
            distance >= thresholds.centroidDifferentPerson
            ? .differentPerson : distance >= thresholds.centroidSamePerson ? .uncertain : .samePerson
        switch (dlib, secondOpinionSaysSame) {
        case (.samePerson, false), (.differentPerson, true): self = .uncertain
        default: self = dlib
        }
    }
}
