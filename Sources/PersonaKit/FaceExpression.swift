import Imaging

/// How animated a face is: how much of its mouth is open, measured on the aligned face chip
/// (padding 0) where dlib's alignment puts the mouth in about the same place on every face.
///
/// The 5-point landmarks have no mouth points (and the 68-point model's licence bars it), so the
/// mouth's place is the mean face's: on chips of the shared photos the lips lie between 70 and
/// 94 % of the chip's height, and their middle between 38 and 62 % of its width (the corners are
/// left out: pale cheeks and beards beside them looked like teeth and cavity). Inside it, an open
/// mouth shows what a closed one hides: teeth (brighter than the face's skin and with under half
/// its colour, unlike skin and lips at any skin tone) and the dark inside (under 0.4 of the skin's
/// luminance, beyond the thin line any closed mouth shows between the lips).
public struct FaceExpression: Sendable, Equatable, Codable {
    /// Share of the mouth box showing teeth.
    public var teeth: Double
    /// Share of the mouth box showing the mouth's dark inside.
    public var cavity: Double

    /// 0 for a closed mouth; about 0.15–0.3 for a smile with teeth, more for a mouth open in
    /// speech or a shout, whose open inside counts double: it moves more than a grin.
    public var animation: Double { teeth + 2 * cavity }

    public init(teeth: Double, cavity: Double) {
        self.teeth = teeth
        self.cavity = cavity
    }

    /// The middle of the mouth and the skin patch, as fractions of an aligned chip with padding 0.
    static let mouth = (x: 0.38...0.62, y: 0.70...0.94)
    /// The nose and the cheeks just beside it: skin on every face, beard or not.
    static let skin = (x: 0.36...0.64, y: 0.40...0.60)
    /// Dark rows per column that a closed mouth shows anyway (the line between the lips), as a
    /// share of the chip's height.
    static let lipLine = 0.03

    public init(chip: RGBImage) {
        let (w, h) = (chip.width, chip.height)
        func span(_ range: ClosedRange<Double>, _ size: Int) -> Range<Int> {
            Int(range.lowerBound * Double(size))..<min(size, Int(range.upperBound * Double(size)))
        }
        func pixel(_ x: Int, _ y: Int) -> (luma: Double, chroma: Double) {
            let i = 3 * (y * w + x)
            let (r, g, b) = (Double(chip.pixels[i]), Double(chip.pixels[i + 1]), Double(chip.pixels[i + 2]))
            let high = max(r, g, b)
            let w = RGBImage.lumaWeights
            return (w[0] * r + w[1] * g + w[2] * b, high > 0 ? (high - min(r, g, b)) / high : 0)
        }
        let skin = span(Self.skin.y, h).flatMap { y in span(Self.skin.x, w).map { pixel($0, y) } }
        let (columns, rows) = (span(Self.mouth.x, w), span(Self.mouth.y, h))
        guard !skin.isEmpty, !columns.isEmpty, !rows.isEmpty else {
            self.init(teeth: 0, cavity: 0)
            return
        }
        // Medians, so a highlight on the nose or a shadow beside it does not move them.
        let skinLuma = max(skin.map(\.luma).sorted()[skin.count / 2], 1)
        let skinChroma = skin.map(\.chroma).sorted()[skin.count / 2]
        let allowance = Int((Self.lipLine * Double(h)).rounded())
        // Under half the skin's colour, never very coloured; on a black-and-white photo, where the
        // skin has none, any near-grey bright pixel.
        let teethChroma = max(min(0.45 * skinChroma, 0.22), 0.06)
        var (teeth, cavity) = (0, 0)
        for x in columns {
            var dark = 0
            for y in rows {
                let p = pixel(x, y)
                if p.luma >= 1.1 * skinLuma && p.chroma < teethChroma { teeth += 1 }
                if p.luma < 0.4 * skinLuma { dark += 1 }
            }
            cavity += max(0, dark - allowance)
        }
        let area = Double(columns.count * rows.count)
        self.init(teeth: Double(teeth) / area, cavity: Double(cavity) / area)
    }
}
