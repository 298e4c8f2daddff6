import Imaging

/// How bright the face is against what lies beside the head: the medians of the nose and cheeks,
/// and of two strips beside the head, on a wide aligned chip (padding 0.5: the whole head and
/// some background). A face darker than the room behind it was lit from behind: the light wraps
/// round the jaw and neck as a pale rim that no matte removes (obama-3's chandelier), and it is the
/// one thing the studio's relighting cannot take away. `ScenarioCasting` keeps such a photo from
/// the portraits that show the face largest while a front-lit one can lead them.
public struct FaceBacklight: Sendable, Equatable, Codable {
    /// Median luma (0–255) of the nose and cheeks.
    public var face: Double
    /// Median luma of the strips beside the head.
    public var surround: Double

    public init(face: Double, surround: Double) {
        self.face = face
        self.surround = surround
    }

    /// The chip's padding: the head and a band of what is behind it.
    public static let chipPadding = 0.5
    public static let chipSize = 96
    /// The nose and the cheeks beside it, as shares of the wide chip.
    static let skin = (x: 0.40...0.60, y: 0.45...0.60)
    /// Beside the head: the chip's outer tenth on each side, from the hairline to the jaw.
    static let beside = (width: 0.10, y: 0.10...0.60)

    public init(wideChip chip: RGBImage) {
        let (w, h) = (chip.width, chip.height)
        func rows(_ range: ClosedRange<Double>) -> Range<Int> {
            Int(range.lowerBound * Double(h))..<min(h, Int(range.upperBound * Double(h)))
        }
        func columns(_ range: ClosedRange<Double>) -> [Int] {
            Array(Int(range.lowerBound * Double(w))..<min(w, Int(range.upperBound * Double(w))))
        }
        let side = Int(Self.beside.width * Double(w))
        let besideColumns = Array(0..<side) + Array((w - side)..<w)
        func median(_ columns: [Int], _ rows: Range<Int>) -> Double {
            let values = rows.flatMap { y in columns.map { chip.luma(x: $0, y: y) } }.sorted()
            return values.isEmpty ? 0 : values[values.count / 2]
        }
        self.init(
            face: median(columns(Self.skin.x), rows(Self.skin.y)), surround: median(besideColumns, rows(Self.beside.y)))
    }

    /// What lies beside the head over the face, past which a darker face reads as lit from behind.
    public static let brighterBehind = 1.25
    /// A face under this share of the person's brightest-lit face is darker than their light allows.
    public static let darkerFace = 0.8

    /// Whether this photo is lit from behind, against the person's other photos (`others`, its
    /// own included or not): a bright room behind a face darker than theirs. A face in front of a
    /// white backdrop is not, when it is as bright as in the person's other photos (a studio shot).
    public func isBacklit(among others: [FaceBacklight]) -> Bool {
        guard surround > Self.brighterBehind * face else { return false }
        let brightest = others.map(\.face).max() ?? face
        return face < Self.darkerFace * brightest
    }
}
