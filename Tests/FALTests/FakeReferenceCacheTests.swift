import PersonaKit
import Testing

@testable import FakeFAL

/// The fake measures each reference image once, whatever portrait asks for it again.
struct FakeReferenceCacheTests {
    @Test func eachDistinctImageIsAnalysedOnceAndAnswersKeepTheirOrder() {
        let cache = ReferenceAnalysisCache(capacity: 2)
        var analysed: [String] = []
        func analyses(_ photos: [(name: String, bytes: [UInt8])]) -> [String] {
            cache.analyses(of: photos) { missing in
                analysed += missing.map(\.name)
                return missing.map { PhotoAnalysis(file: $0.name) }
            }.map(\.file)
        }
        let a = (name: "a", bytes: [UInt8](repeating: 1, count: 64))
        let b = (name: "b", bytes: [UInt8](repeating: 2, count: 64))
        #expect(analyses([a, b]) == ["a", "b"])
        // Same bytes under other names (a second portrait of the persona): nothing measured again.
        #expect(analyses([(name: "x", bytes: b.bytes), (name: "y", bytes: a.bytes)]) == ["b", "a"])
        #expect(analysed == ["a", "b"])
        // A third image evicts the oldest (capacity 2); asking for it again measures it again.
        let c = (name: "c", bytes: [UInt8](repeating: 3, count: 64))
        _ = analyses([c])
        _ = analyses([a])
        #expect(analysed == ["a", "b", "c", "a"])
    }
}
