/// Where things go on a design's canvas for its layout: the person's eyes, the title's box, the
/// band behind the title and the logo. Boxes are kept clear of the face, so a title never covers
/// it, however long.
public struct DesignGeometry {
    public struct Box: Codable, Sendable, Equatable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        public var right: Int { x + width }
        public var bottom: Int { y + height }

        public func contains(_ other: Box) -> Bool {
            other.x >= x && other.y >= y && other.right <= right && other.bottom <= bottom
        }
    }

    /// The eyes' midpoint (fractions of the canvas) and their distance (of the height).
    let eyeX: Double
    let eyeY: Double
    let eyeDistance: Double
    private(set) var titleBox: Box
    let titleAlignment: TitleCompositor.Alignment
    /// A solid band the title sits in (the `band` layout), nil for none.
    let band: Box?
    let logoBox: Box
    /// The largest title size, in pixels; the title shrinks from here until it fits.
    let maxTitleSize: Double

    init(spec: DesignSpec) {
        let (w, h) = spec.format.size
        let (W, H) = (Double(w), Double(h))
        func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Box {
            Box(x: Int(x0 * W), y: Int(y0 * H), width: Int((x1 - x0) * W), height: Int((y1 - y0) * H))
        }
        let zoom = 1 + 0.12 * spec.zoom
        let logoSide = 0.085 * min(W, H)
        switch spec.layout {
        case .split:
            let right = spec.personSide == .right
            // Wide canvases have room for a big face; a square one keeps the shoulders in view.
            let size = spec.format.isWide ? 0.135 : 0.09
            // The title taken away ("no text"): the person is the picture, in the middle.
            let untitled = spec.centred == true && spec.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            eyeX =
                untitled ? 0.5 : right ? (spec.format.isWide ? 0.72 : 0.71) : (spec.format.isWide ? 0.28 : 0.29)
            eyeY = spec.format.isWide ? 0.40 : 0.45
            eyeDistance = size * zoom
            titleBox = right ? box(0.055, 0.14, 0.52, 0.80) : box(0.48, 0.14, 0.945, 0.80)
            titleAlignment = right ? .left : .right
            band = nil
            let lx = right ? 0.055 * W : W - 0.055 * W - 2.5 * logoSide
            logoBox = Box(x: Int(lx), y: Int(0.845 * H), width: Int(2.5 * logoSide), height: Int(logoSide))
            maxTitleSize = 0.2 * H
        case .stack:
            let tall = Double(h) / Double(w) > 1.5
            eyeX = 0.5
            // Lower, under the title; with it taken away, where a portrait has the eyes.
            let untitled = spec.centred == true && spec.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            eyeY = untitled ? 0.42 : tall ? 0.56 : 0.58
            eyeDistance = (tall ? 0.075 : 0.095) * zoom
            titleBox = tall ? box(0.07, 0.09, 0.93, 0.33) : box(0.07, 0.06, 0.93, 0.34)
            titleAlignment = .centre
            band = nil
            logoBox = Box(
                x: Int(0.055 * W), y: Int(H - 0.04 * W - logoSide), width: Int(2.5 * logoSide), height: Int(logoSide))
            maxTitleSize = 0.15 * W
        case .band:
            let offset = spec.personSide == .right ? 0.08 : -0.08
            eyeX = 0.5 + (spec.format.isWide ? offset * 1.5 : offset * 0.5)
            eyeY = spec.format.isTall ? 0.40 : 0.34
            eyeDistance = (spec.format.isWide ? 0.12 : (spec.format.isTall ? 0.08 : 0.10)) * zoom
            let bandTop = spec.format.isTall ? 0.70 : 0.68
            band = box(0, bandTop, 1, 1)
            titleBox = box(0.06, bandTop + 0.035, 0.94, 0.965)
            titleAlignment = .centre
            logoBox = Box(x: Int(0.04 * W), y: Int(0.04 * W), width: Int(2.5 * logoSide), height: Int(logoSide))
            maxTitleSize = 0.11 * H
        }
    }

    /// The title's box narrowed to keep clear of the person beside it, in a layout with the title
    /// to one side (left or right aligned): a head the framing enlarged to keep its photo's edges
    /// out of sight, or turned with the back of the head towards the title, reached into the box
    /// (a tester's "i" of "in 2027" on an ear). `person` holds the columns the person covers on
    /// each canvas row (nil for none); `margin` is kept between them on `rows` (the rows the
    /// title takes; the whole box's when nil). Never narrower than `leastShare` of the box: past
    /// that, a title too small to read would be worse.
    func clearing(_ person: [ClosedRange<Int>?], rows: Range<Int>? = nil, margin: Int, leastShare: Double = 0.55)
        -> DesignGeometry
    {
        guard titleAlignment != .centre else { return self }
        let taken = rows ?? (titleBox.y..<titleBox.bottom)
        let beside = (max(0, taken.lowerBound - margin)..<min(person.count, taken.upperBound + margin))
            .compactMap { person[$0] }
        guard !beside.isEmpty else { return self }
        var cleared = self
        let least = Int(Double(titleBox.width) * leastShare)
        if titleAlignment == .left {
            // The person on the right: the box ends before them.
            let edge = beside.map(\.lowerBound).min()! - margin
            let right = max(titleBox.x + least, min(titleBox.right, edge))
            cleared.titleBox.width = right - titleBox.x
        } else {
            let edge = beside.map(\.upperBound).max()! + margin
            let left = min(titleBox.right - least, max(titleBox.x, edge))
            cleared.titleBox.width = titleBox.right - left
            cleared.titleBox.x = left
        }
        return cleared
    }
}
