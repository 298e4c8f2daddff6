/// Something that happened outside the wizard's own writes that the guide reacts to.
struct GuideMoment: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        /// A creation was refused: too few usable photos, or files that are not photos.
        case photosRejected = "photos_rejected"
    }

    var kind: Kind
    /// The issue codes behind it, most frequent first (e.g. `blurry`, `no_face`).
    var codes: [String]
}
