/// How likely a colour is to belong to the person rather than to what surrounds them.
struct ColourModel {
    // The person is sampled thoroughly (the whole core of the outline), the surroundings only
    // near them; so a colour never seen on the person leans to the surroundings.
    var person = ColourHistogram(unseen: 0.2)
    var surroundings = ColourHistogram(unseen: 1)

    /// P(person | colour) with even odds beforehand, 0–1.
    func personLikelihood(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Double {
        let p = person.share(r, g, b)
        let s = surroundings.share(r, g, b)
        return p / (p + s)
    }
}

/// Counts of colours in 16 × 16 × 16 bins, starting from `unseen` in every bin so no colour is
/// impossible; `smooth` then shares each count with the neighbouring bins, so near colours count
/// alike without coarse bins lumping skin and a brown curtain together.
struct ColourHistogram {
    static let levels = 16
    var counts: [Double]
    var total: Double

    init(unseen: Double) {
        counts = [Double](repeating: unseen, count: Self.levels * Self.levels * Self.levels)
        total = unseen * Double(counts.count)
    }

    static func bin(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let width = 256 / levels
        return (Int(r) / width * levels + Int(g) / width) * levels + Int(b) / width
    }

    mutating func add(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        counts[Self.bin(r, g, b)] += 1
        total += 1
    }

    /// A [1 2 1] blur along each colour axis (the total is unchanged away from the edges).
    mutating func smooth() {
        let n = Self.levels
        for stride in [n * n, n, 1] {
            var next = counts
            for i in counts.indices {
                let position = (i / stride) % n
                let before = position > 0 ? counts[i - stride] : counts[i]
                let after = position < n - 1 ? counts[i + stride] : counts[i]
                next[i] = (before + 2 * counts[i] + after) / 4
            }
            counts = next
        }
    }

    func share(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Double { counts[Self.bin(r, g, b)] / total }
}
