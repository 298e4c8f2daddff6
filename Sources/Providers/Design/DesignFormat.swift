import Foundation

/// Where a design is published, and so its exact size in pixels.
public enum DesignFormat: String, CaseIterable, Codable, Sendable {
    case youtubeThumbnail = "youtube-thumbnail"
    case instagramPost = "instagram-post"
    case instagramPortrait = "instagram-portrait"
    case story
    case linkedin
    case xPost = "x-post"

    public var size: (width: Int, height: Int) {
        switch self {
        case .youtubeThumbnail: (1280, 720)
        case .instagramPost: (1080, 1080)
        case .instagramPortrait: (1080, 1350)
        case .story: (1080, 1920)
        case .linkedin: (1200, 627)
        case .xPost: (1600, 900)
        }
    }

    public var label: String {
        switch self {
        case .youtubeThumbnail: "YouTube thumbnail"
        case .instagramPost: "Instagram post"
        case .instagramPortrait: "Instagram portrait post"
        case .story: "Story or reel cover"
        case .linkedin: "LinkedIn post"
        case .xPost: "X post"
        }
    }

    /// GPT Image 1.5 makes only these three sizes: the one nearest in shape, which the picture is
    /// then cropped or extended from.
    public var modelSize: (width: Int, height: Int) {
        let ratio = Double(size.width) / Double(size.height)
        let candidates = [(1024, 1024), (1536, 1024), (1024, 1536)]
        return candidates.min { a, b in
            abs(log(Double(a.0) / Double(a.1) / ratio)) < abs(log(Double(b.0) / Double(b.1) / ratio))
        }!
    }

    /// Tall formats stack the title above the person; wide ones set it beside.
    var isTall: Bool { size.height > size.width }
    var isWide: Bool { Double(size.width) / Double(size.height) > 1.4 }
}
