import ArgumentParser

/// Which face model `inflio compare` asks. dlib stays the default: its bar is the one the whole
/// analysis uses. SFace is a second opinion from a network trained apart from it; `both` says
/// "same person" only when the two agree, and "uncertain" when they do not.
enum CompareModel: String, ExpressibleByArgument, CaseIterable, Encodable {
    case dlib, sface, both
}

/// One model's answer on one pair.
struct ModelOpinion: Encodable, Equatable {
    let distance: Double
    let samePerson: Bool
    let threshold: Double

    init(distance: Double, threshold: Double) {
        self.distance = (distance * 10000).rounded() / 10000
        samePerson = distance < threshold
        self.threshold = threshold
    }
}

/// What `--model both` concludes from the two opinions.
enum Agreement: String, Encodable {
    case samePerson = "same_person"
    case differentPeople = "different_people"
    case uncertain

    init(dlib: ModelOpinion, sface: ModelOpinion) {
        if dlib.samePerson != sface.samePerson {
            self = .uncertain
        } else {
            self = dlib.samePerson ? .samePerson : .differentPeople
        }
    }

    /// true, false, or nil when the models disagree.
    var samePerson: Bool? {
        switch self {
        case .samePerson: true
        case .differentPeople: false
        case .uncertain: nil
        }
    }
}
