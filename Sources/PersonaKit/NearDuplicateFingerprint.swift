import Imaging

/// A 256-bit gradient hash (dHash) of a picture, compared by Hamming distance.
///
/// For a photo with a face it is taken on a wide face-aligned chip (head and shoulders), so a
/// re-encoded, resized, letterboxed or slightly cropped copy of the same shot hashes alike, while
/// another shot of the same person (other expression, light or background) does not.
public struct NearDuplicateFingerprint: Sendable, Equatable {
    public let bits: [UInt64]  // 4 words

    static let grid = 16

    public init(image: RGBImage) {
        let luma = image.luma()
        // Average the picture down to (grid+1)×grid cells, then compare horizontal neighbours.
        let columns = Self.grid + 1
        let rows = Self.grid
        var cells = [Double](repeating: 0, count: columns * rows)
        var counts = [Double](repeating: 0, count: columns * rows)
        for y in 0..<image.height {
            let row = min(rows - 1, y * rows / image.height)
            for x in 0..<image.width {
                let column = min(columns - 1, x * columns / image.width)
                cells[row * columns + column] += Double(luma[y * image.width + x])
                counts[row * columns + column] += 1
            }
        }
        var words = [UInt64](repeating: 0, count: 4)
        var bit = 0
        for row in 0..<rows {
            for column in 0..<(columns - 1) {
                let a = cells[row * columns + column] / max(counts[row * columns + column], 1)
                let b = cells[row * columns + column + 1] / max(counts[row * columns + column + 1], 1)
                if a > b { words[bit / 64] |= 1 << UInt64(bit % 64) }
                bit += 1
            }
        }
        bits = words
    }

    /// A fingerprint kept earlier (a draft's stored analysis).
    public init(bits: [UInt64]) {
        precondition(bits.count == 4, "a fingerprint has 256 bits")
        self.bits = bits
    }

    public func hammingDistance(to other: NearDuplicateFingerprint) -> Int {
        zip(bits, other.bits).reduce(0) { $0 + ($1.0 ^ $1.1).nonzeroBitCount }
    }
}
