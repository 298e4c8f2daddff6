import PersonaKit
import Testing

@testable import Providers

struct StudioInstructionTests {
    @Test func readsTheDialsARefinementTurns() {
        let more = StudioInstruction("More dramatic lighting, a bit warmer please")
        #expect(more.drama == 1 && more.warmth == 1 && more.exposure == 0)
        let less = StudioInstruction("less contrast, not so warm, brighter")
        #expect(less.drama == -1 && less.warmth == -1 && less.exposure == 1)
        #expect(StudioInstruction("Closer! Vivid colours, softer light").zoom == 1)
        #expect(StudioInstruction("softer light").drama == -1)
        #expect(StudioInstruction("warm warm warm warmer golden").warmth == 2, "steps are clamped")
        #expect(
            StudioInstruction("make it look like a painting") == StudioInstruction(), "unknown words change nothing")
        #expect(StudioInstruction(nil) == StudioInstruction())
    }

    /// More drama hardens the key, up to `hardestKey`: the close-up's chiaroscuro made harder
    /// without end put half a tester's face in black.
    @Test func moreDramaHardensTheKeyUpToAPoint() {
        func key(_ scenario: Int, _ words: String) -> Double {
            var random = SeededGenerator(seed: 1)
            return StudioStyle.make(
                for: PortraitScenario.all[scenario], yaw: 0, instruction: StudioInstruction(words), random: &random
            ).keyRatio
        }
        #expect(key(0, "more dramatic") > key(0, "") * 1.3, "a soft headshot key hardens")
        #expect(key(3, "") == 4 && key(3, "much more dramatic, dramatic") == StudioStyle.hardestKey)
        #expect(key(3, "softer") < 4)
    }

    @Test func theSeededGeneratorRepeatsItselfAndOnlyItself() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        // SplitMix64's published first output for seed 0, so the sequence never silently changes.
        var zero = SeededGenerator(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
        var unit = SeededGenerator(seed: 9)
        #expect((0..<1000).map { _ in unit.unit() }.allSatisfy { (0..<1).contains($0) })
    }

    @Test func requestIdsAreStableHashesOfTheRequest() {
        #expect(StudioRequestID.fnv1a64([]) == 0xCBF2_9CE4_8422_2325)
        #expect(StudioRequestID.fnv1a64(Array("a".utf8)) == 0xAF63_DC4C_8601_EC8C)
    }
}
