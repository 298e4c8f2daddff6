/// Finer progress than `PersonaStatus`: what `analyzing` is doing now. App's `Persona.Stage` can
/// become a typealias of this.
public enum PersonaStage: String, Codable, Sendable, CaseIterable {
    /// A draft: photos arriving, each analysed as it comes (`pending_upload`).
    case uploading
    /// The portraits being made and verified for the first time (`analyzing`).
    case generating
    /// A finished persona making one portrait again, at the person's request (`analyzing`).
    case regenerating
    /// Every portrait finished (`ready`).
    case done
    /// No portrait could be made (`failed`).
    case failed
}
