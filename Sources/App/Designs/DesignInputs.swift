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
}
