/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, well-mixed generator whose output depends only
/// on its seed, on every platform and Swift version. The system generator is never used, because
/// a portrait must come out byte-identical when the same request is rendered again.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in -1...1, for symmetric jitter. (The standard library's `Double.random(in:using:)`
    /// is avoided: its algorithm is not promised to stay the same across releases.)
    mutating func signed() -> Double { unit() * 2 - 1 }

    /// A value in 0..<1 from the top 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An index in 0..<count; `count` must be positive.
    mutating func index(below count: Int) -> Int { Int(next() % UInt64(count)) }

    /// true or false, evenly.
    mutating func coin() -> Bool { next() >> 63 == 1 }
}
