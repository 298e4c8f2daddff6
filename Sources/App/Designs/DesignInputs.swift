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
}
