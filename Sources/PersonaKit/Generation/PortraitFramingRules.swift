/// How far the local studio tightens a portrait's framing to keep a photo's edges out of sight
/// (`StudioFraming` applies them). Kept here, beside the scenarios' framings, because the casting
/// estimates from them how much a photo's face will be enlarged
/// (`PortraitScenario.tightening(for:)`).
public enum PortraitFramingRules {
    /// The most the framing tightens to keep the photo's edges out of sight: a tight crop of a
    /// photo that shows only a face beats a head floating in the middle of a backdrop.
    public static let maxZoom = 3.0
    /// ...but never past this eye distance (of the canvas height): a close-up's size with room to
    /// spare. Beyond it a face-only photo on a wide canvas (a square photo cast for the 16:9
    /// dynamic portrait) became a face taller than the picture; the photo's edge then shows
    /// instead, faded (`photoDepth`).
    public static let largestEyeDistance = 0.28

    /// The room kept above the eyes, in eye distances, when the framing tightens (the top of the
    /// head is about 2.1 above them, hair included): tightening around eyes held at the style's
    /// height cut the tops of heads off (a tester's casual and action portraits; 1.4 to 1.8 eye
    /// distances were left on the shared photos). Never more than the style's own room, so the
    /// close-up stays as tight as it is meant to be.
    public static let headroom = 2.45
    /// ...moving the eyes down for it no lower than this share of the canvas's height.
    public static let lowestEyeY = 0.52

    /// The framing's search tries zooms in steps of this much.
    public static let zoomStep = 0.05

    /// How far a portrait whose eyes are `eyeDistance` apart (of the canvas height) may tighten:
    /// `maxZoom`, short of `largestEyeDistance`, and never below 1.
    public static func maxZoom(forEyeDistance eyeDistance: Double) -> Double {
        max(1, min(maxZoom, largestEyeDistance / eyeDistance))
    }
}
