/// Everything the layout renderer draws one design from. It is stored with each version, so a
/// version can be redrawn (or refined) exactly, and a refinement changes only what it names.
public struct DesignSpec: Codable, Sendable, Equatable {
    /// How the person and the title share the canvas.
    public enum Layout: String, Codable, Sendable, CaseIterable {
        /// The person on one side, the title on the other.
        case split
        /// The title across the top, the person below.
        case stack
        /// The person large, the title in a coloured band along the bottom.
        case band
    }

    public enum Side: String, Codable, Sendable { case left, right }

    public var format: DesignFormat
    /// The words set on the design, exactly as asked; empty for none.
    public var title: String
    public var layout: Layout
    /// The side the person stands on (for `split`; the other layouts centre the person).
    public var personSide: Side
    /// The portrait scenario whose light the person gets (0 headshot … 4 environmental).
    public var scenario: Int
    /// Which of the persona's reference photos lends the face, in the order the scenario ranks
    /// them: "another expression" moves to the next.
    public var referenceRank: Int
    /// A face asked for ("smile"): the references are then ranked by how much each shows it,
    /// and `referenceRank` counts in that order. Optional for the specs stored before it.
    public var expression: DesignExpression?
    /// Brand colours: the backdrop runs from `backgroundFrom` to `backgroundTo`; `accent` marks
    /// the title and rims the person.
    public var backgroundFrom: DesignColour
    public var backgroundTo: DesignColour
    public var accent: DesignColour
    /// Whether `accent` is a tint made here from a one-colour brand, not a colour of the brand's:
    /// then it must show clearly (3:1, as a graphic) or give way (`LayoutRenderer.accent`).
    /// Optional for the specs stored before it.
    public var accentIsTint: Bool?
    /// The brand's text colour, tried first for the title when it reads well enough.
    public var text: DesignColour?
    /// The title's font family, and one this machine has when the brand's is not installed.
    public var font: String
    public var fontFallback: String
    /// The brand's heading weight (100–900); nil: bold. Optional for the specs stored before it.
    public var fontWeight: Int?
    /// The person in the middle while the title is gone: set by "no title" (a tester's thumbnail
    /// kept him low on one side, the other half bare); a side or a title asked clears it.
    public var centred: Bool?
    public var showLogo: Bool
    /// Title size relative to the largest that fits (1 = as large as fits).
    public var titleScale: Double
    // The light and grade dials of `StudioInstruction`, accumulated over refinements (±2 each).
    public var drama: Double
    public var warmth: Double
    public var exposure: Double
    public var saturation: Double
    public var zoom: Double
    public var seed: UInt64

    public init(
        format: DesignFormat, title: String, layout: Layout, personSide: Side, scenario: Int, referenceRank: Int = 0,
        backgroundFrom: DesignColour, backgroundTo: DesignColour, accent: DesignColour, text: DesignColour?,
        font: String, fontFallback: String, showLogo: Bool, titleScale: Double = 1, drama: Double = 0,
        warmth: Double = 0, exposure: Double = 0, saturation: Double = 0, zoom: Double = 0, seed: UInt64
    ) {
        self.format = format
        self.title = title
        self.layout = layout
        self.personSide = personSide
        self.scenario = scenario
        self.referenceRank = referenceRank
        self.backgroundFrom = backgroundFrom
        self.backgroundTo = backgroundTo
        self.accent = accent
        self.text = text
        self.font = font
        self.fontFallback = fontFallback
        self.showLogo = showLogo
        self.titleScale = titleScale
        self.drama = drama
        self.warmth = warmth
        self.exposure = exposure
        self.saturation = saturation
        self.zoom = zoom
        self.seed = seed
    }

    /// The layouts that suit a format: a wide canvas has no room above the person, a tall one
    /// none beside.
    public static func layouts(for format: DesignFormat) -> [Layout] {
        if format.isTall { return [.stack, .band] }
        if format.isWide { return [.split, .band] }
        return [.split, .stack, .band]
    }
}
