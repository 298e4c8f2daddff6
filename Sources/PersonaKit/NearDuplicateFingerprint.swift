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
        bits = Self.gradientBits(cells: zip(cells, counts).map { $0 / max($1, 1) })
    }

    /// The hash of (grid+1)×grid cell means, row by row: one bit per pair of horizontal neighbours.
    static func gradientBits(cells: [Double]) -> [UInt64] {
        let columns = grid + 1
        var words = [UInt64](repeating: 0, count: 4)
        for row in 0..<grid {
            for column in 0..<(columns - 1) where cells[row * columns + column] > cells[row * columns + column + 1] {
                let bit = row * grid + column
                words[bit / 64] |= 1 << UInt64(bit % 64)
            }
        }
        return words
    }

    /// A fingerprint kept earlier (a draft's stored analysis).
    public init(bits: [UInt64]) {
        precondition(bits.count == 4, "a fingerprint has 256 bits")
        self.bits = bits
    }

    /// The fingerprint of the picture mirrored, from the bits alone (so stored fingerprints serve
    /// too): mirrored, cell c of a row is cell 16 − c, so the bit comparing cells c and c + 1 is
    /// the opposite of the one comparing 15 − c and 16 − c (ties aside, which a hash tolerates).
    public var mirrored: NearDuplicateFingerprint {
        let bitsPerRow = Self.grid
        var words = [UInt64](repeating: 0, count: 4)
        for row in 0..<Self.grid {
            for column in 0..<bitsPerRow {
                let source = row * bitsPerRow + (bitsPerRow - 1 - column)
                let set = bits[source / 64] & (1 << UInt64(source % 64)) != 0
                let bit = row * bitsPerRow + column
                if !set { words[bit / 64] |= 1 << UInt64(bit % 64) }
            }
        }
        return NearDuplicateFingerprint(bits: words)
    }

    public func hammingDistance(to other: NearDuplicateFingerprint) -> Int {
        zip(bits, other.bits).reduce(0) { $0 + ($1.0 ^ $1.1).nonzeroBitCount }
    }
}
