import Foundation
import PersonaKit

/// One compared pair. `distance` and `samePerson` are null, with an `error`, when a photo has
/// no usable face.
struct PairResult: Encodable {
    let a: String
    let b: String
    let distance: Double?
    let samePerson: Bool?
    let error: PhotoError?

    init(a: String, b: String, analysisA: PhotoAnalysis, analysisB: PhotoAnalysis, threshold: Double) {
        self.a = a
        self.b = b
        if let ea = analysisA.embedding, let eb = analysisB.embedding {
            let d = ea.distance(to: eb)
            distance = (d * 10000).rounded() / 10000
            samePerson = d < threshold
            error = nil
        } else {
            distance = nil
            samePerson = nil
            let failed = analysisA.embedding == nil ? (a, analysisA) : (b, analysisB)
            error = failed.1.error ?? PhotoError(code: "no_face", message: "No face was found in \(failed.0).")
        }
    }

    enum CodingKeys: String, CodingKey { case a, b, distance, samePerson, error }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(a, forKey: .a)
        try c.encode(b, forKey: .b)
        try c.encode(distance, forKey: .distance)
        try c.encode(samePerson, forKey: .samePerson)
        try c.encodeIfPresent(error, forKey: .error)
    }
}
