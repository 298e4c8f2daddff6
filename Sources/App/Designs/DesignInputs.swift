import Foundation
import PersonaKit

/// What a version was made from, stored with it: the persona's reference photos (their storage
/// keys and face geometry, so a restarted worker renders the same without the persona's other
/// rows), the scenario they were ranked for, the version it refines, and the logo's key.
struct DesignInputs: Codable, Sendable, Equatable {
    var references: [ReferencePhoto]
    var scenario: Int
    var previousVersion: Int?
    var logoKey: String?
    /// The refinements asked so far, oldest first, in the person's words: a picture model is
    /// given them all (the layout renderer reads them into the spec instead).
    var instructions: [String]? = nil
    /// On FAL, the persona's verified portraits when the design was made (the newest of each
    /// scenario): the model's identity references. The layout renderer cuts the person out of
    /// a reference photo instead, since it needs the photo's face geometry.
    var portraits: [Portrait]? = nil

    struct Portrait: Codable, Sendable, Equatable {
        var key: String
        var scenario: Int
    }

    /// A picture model gets at most this many identity references (the previous version's
    /// picture, for a refinement, comes on top).
    static let modelReferences = 4

    /// What a picture model is sent for a version of `scenario`, in this order: the best
    /// reference photo first (the face as a camera saw it; the prompt names it as the
    /// expression's reference), then up to 3 portraits, the one of that scenario first (the face
    /// as the persona shows it); without portraits, up to 4 reference photos.
    func forModel(scenario: Int) -> (references: [ReferencePhoto], portraits: [Portrait]) {
        let ranked = (portraits ?? []).sorted {
            ($0.scenario == scenario ? 0 : 1, $0.scenario) < ($1.scenario == scenario ? 0 : 1, $1.scenario)
        }
        let chosen = Array(ranked.prefix(Self.modelReferences - 1))
        return (Array(references.prefix(Self.modelReferences - chosen.count)), chosen)
    }
}
