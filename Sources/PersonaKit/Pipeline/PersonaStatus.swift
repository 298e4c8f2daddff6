/// The seed's lifecycle words for a persona (a CHECK constraint holds `personas.status` to them):
/// a draft whose photos arrive, `analyzing` while its portraits are made, then `ready` (every
/// portrait finished, some perhaps needing review) or `failed` (none could be made). App's
/// `Persona.Status` can become a typealias of this.
public enum PersonaStatus: String, Codable, Sendable, CaseIterable {
    case pendingUpload = "pending_upload"
    case analyzing, ready, failed
}
