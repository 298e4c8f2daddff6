import Foundation

/// Where an image is served: `/media/<image id>`. The one place this path is spelled, built for
/// stored rows and signed links and parsed by the media route, so the two can never disagree.
struct MediaPath: Sendable, Hashable, CustomStringConvertible {
    /// The route's first path component.
    static let prefix = "media"

    let imageID: UUID

    init(imageID: UUID) { self.imageID = imageID }

    /// Parses `/media/<uuid>` (case-insensitive id, no query); nil for anything else.
    init?(_ path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, parts[1] == Self.prefix,
            let id = UUID(uuidString: String(parts[2]))
        else { return nil }
        imageID = id
    }

    /// The id as it appears in URLs and signatures: lower-case.
    var idComponent: String { imageID.uuidString.lowercased() }

    var description: String { "/\(Self.prefix)/\(idComponent)" }
}
