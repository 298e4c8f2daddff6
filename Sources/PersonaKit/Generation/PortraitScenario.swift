/// The seed's five portrait scenarios. Each names its framing, light and colour grade (what the
/// local studio renderer composes) and the prompt an image-edit model gets (FAL).
public struct PortraitScenario: Sendable, Codable, Hashable, Identifiable {
    /// Position in the persona's portrait list, 0–4; stable API (`/portraits/:index`).
    public let index: Int
    /// Stable identifier, e.g. `professional_headshot`.
    public let id: String
    public let title: String
    /// Output shape, e.g. "1:1" or "4:5" (the aspect-ratio vocabulary image models accept).
    public let aspectRatio: String
    /// Head pose the references for this scenario should favour, in degrees of |yaw|.
    public let preferredYaw: ClosedRange<Double>
    /// What the picture should look like, written for identity preservation.
    public let prompt: String

    /// Output size in pixels: 1024 on the longer side.
    public var pixelSize: (width: Int, height: Int) { pixelSize(longSide: 1024) }

    /// The eyes' distance in this scenario's framing, as a share of the picture's height: how
    /// much of the face the portrait shows. The local studio frames at it; casting asks a lead
    /// for the detail to fill it. (Computed, so the scenario's stored JSON stays as it was.)
    public var framedEyeDistance: Double {
        switch id {
        case "professional_headshot": 0.135
        case "casual_friendly": 0.105
        case "dynamic_action": 0.15
        case "thoughtful_closeup": 0.205
        default: 0.095
        }
    }

    /// The eyes' height in this scenario's framing, as a share of the picture's height from its
    /// top: with `framedEyeDistance`, how far the portrait reaches below the eyes.
    public var framedEyeY: Double {
        switch id {
        case "professional_headshot": 0.40
        case "dynamic_action": 0.38
        case "thoughtful_closeup": 0.42
        default: 0.36
        }
    }

    /// The close-up frames the face alone; every other scenario shows the shoulders too, so a
    /// photo that ends at the chin leaves its head floating there.
    public var isCloseUp: Bool { id == "thoughtful_closeup" }

    /// The eye distance, in pixels, of the scenario's portrait at 1024 on the longer side: more
    /// detail than this in a photo does not show in the portrait.
    public var detailShown: Double { framedEyeDistance * Double(pixelSize.height) }

    /// The scenario's aspect ratio with its longer side `longSide` (even sides).
    public func pixelSize(longSide: Int) -> (width: Int, height: Int) {
        let side = Double(longSide)
        let parts = aspectRatio.split(separator: ":").compactMap { Double($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { return (longSide, longSide) }
        let (w, h) = (parts[0], parts[1])
        return w >= h
            ? (longSide, Int((side * h / w / 2).rounded()) * 2) : (Int((side * w / h / 2).rounded()) * 2, longSide)
    }

    static let identityClause =
        "Keep the person's face, features, skin tone, hair and age exactly as in the reference photos; do not beautify or change their identity."

    public static let all: [PortraitScenario] = [
        PortraitScenario(
            index: 0, id: "professional_headshot", title: "Professional headshot", aspectRatio: "1:1",
            preferredYaw: 0...12,
            prompt:
                "A professional studio headshot of this person, head and shoulders, facing the camera, soft even key light, neutral grey seamless background, sharp focus on the eyes. "
                + identityClause),
        PortraitScenario(
            index: 1, id: "casual_friendly", title: "Casual and friendly", aspectRatio: "4:5", preferredYaw: 8...30,
            prompt:
                "A warm, friendly outdoor portrait of this person in a three-quarter view, golden-hour sunlight, softly blurred green and amber background, relaxed natural smile. "
                + identityClause),
        PortraitScenario(
            index: 2, id: "dynamic_action", title: "Dynamic action", aspectRatio: "16:9", preferredYaw: 0...35,
            prompt:
                "A bold, high-energy portrait of this person for a video thumbnail, strong rim light outlining the head, saturated colourful gradient background, high contrast, crisp detail. "
                + identityClause),
        PortraitScenario(
            index: 3, id: "thoughtful_closeup", title: "Thoughtful close-up", aspectRatio: "4:5", preferredYaw: 5...25,
            prompt:
                "A thoughtful close-up portrait of this person, chiaroscuro side lighting, deep shadows on a dark background, calm expression, fine skin texture. "
                + identityClause),
        PortraitScenario(
            index: 4, id: "environmental_portrait", title: "Environmental portrait", aspectRatio: "3:2",
            preferredYaw: 0...25,
            prompt:
                "An environmental portrait of this person at their workspace, ambient window light, softly blurred desk and shelves behind them, natural colours. "
                + identityClause),
    ]
}
