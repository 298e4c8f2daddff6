import Foundation
import PersonaKit

/// One pair compared with `--model sface` or `--model both`. With sface it reads like dlib's
/// answer plus `"model"`; with both it carries each model's opinion and the `verdict`. `a` and `b`
/// are present in `--pairs` rows only. Failed pairs have null answers and an `error`.
struct SecondOpinionResult: Encodable {
    let a: String?
    let b: String?
    let model: CompareModel
    let dlib: ModelOpinion?
    let sface: ModelOpinion?
    let error: PhotoError?

    var agreement: Agreement? { dlib.flatMap { d in sface.map { Agreement(dlib: d, sface: $0) } } }

    /// The decision the chosen model (or the pair of them) gives.
    var samePerson: Bool? { model == .both ? agreement?.samePerson : sface?.samePerson }

    enum CodingKeys: String, CodingKey {
        case a, b, model, distance, samePerson, threshold, verdict, dlib, sface, error
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(a, forKey: .a)
        try c.encodeIfPresent(b, forKey: .b)
        try c.encode(model, forKey: .model)
        try c.encode(samePerson, forKey: .samePerson)
        if model == .both {
            try c.encode(agreement, forKey: .verdict)
            try c.encode(dlib, forKey: .dlib)
            try c.encode(sface, forKey: .sface)
        } else {
            try c.encode(sface?.distance, forKey: .distance)
            try c.encode(sface?.threshold, forKey: .threshold)
        }
        try c.encodeIfPresent(error, forKey: .error)
    }

    /// The line `inflio compare` prints for a person to read.
    var sentence: String {
        guard let sface else { return "error" }
        let sfaceSays = String(format: "SFace cosine distance %.3f, bar %.2f", sface.distance, sface.threshold)
        guard model == .both, let dlib, let agreement else {
            return (sface.samePerson ? "same person" : "different people") + " (\(sfaceSays))"
        }
        let dlibSays = String(format: "dlib distance %.3f, bar %.2f", dlib.distance, dlib.threshold)
        switch agreement {
        case .samePerson: return "same person (both models agree: \(dlibSays); \(sfaceSays))"
        case .differentPeople: return "different people (both models agree: \(dlibSays); \(sfaceSays))"
        case .uncertain:
            let dlibVerdict = dlib.samePerson ? "same person" : "different people"
            let sfaceVerdict = sface.samePerson ? "same person" : "different people"
            return "uncertain (the models disagree: dlib says \(dlibVerdict), \(dlibSays); "
                + "SFace says \(sfaceVerdict), \(sfaceSays))"
        }
    }
}
