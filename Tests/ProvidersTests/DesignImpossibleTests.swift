import Testing

@testable import Providers

/// What only a generative model can do, asked of the offline design studio: answered with the
/// reason, not "not understood", and its colours and adjectives left out of the design.
struct DesignImpossibleTests {
    /// A tester's "red hoodie" was answered "Not understood, so not done: red, hoodie."
    @Test func clothingIsAnsweredWithTheReason() {
        var spec = DesignInstructionTests.spec()
        let before = spec
        let result = DesignInstruction.apply("red hoodie", to: &spec, palette: [])
        #expect(!result.understood && spec == before, "\(result)")
        #expect(result.needsAModel.count == 1 && result.needsAModel[0].hasPrefix("Clothing and accessories need"))
        #expect(result.notes == result.needsAModel, "nothing 'not understood': \(result.notes)")
    }

    /// A colour or tone before the garment is the garment's: "a blue hoodie" is not cooler light
    /// and "a dark suit" not a darker picture, while the rest of the instruction is still done.
    @Test func aGarmentsColourIsNotTheDesigns() {
        var spec = DesignInstructionTests.spec()
        let before = spec
        let result = DesignInstruction.apply(
            "wear a bright blue hoodie and a dark suit, more dramatic lighting", to: &spec, palette: [])
        #expect(result.changes == ["more dramatic light"], "\(result)")
        #expect(spec.warmth == before.warmth && spec.exposure == before.exposure && spec.drama > before.drama)
        #expect(result.needsAModel.count == 1, "one answer for two garments: \(result.needsAModel)")
        #expect(!result.notes.contains { $0.hasPrefix("Not understood") }, "\(result.notes)")
        // The backdrop's colour is still the backdrop's.
        var hoodie = DesignInstructionTests.spec()
        let both = DesignInstruction.apply("a red hoodie on a blue background", to: &hoodie, palette: [])
        #expect(hoodie.backgroundFrom == DesignInstruction.colourNames["blue"], "\(both)")
        #expect(both.needsAModel.count == 1)
    }

    /// What is taken out keeps its place: a negation's reach and a light word beside a garment
    /// are what they were (a reviewer's "no glasses, bigger title" deleted the title, and
    /// "warmer, red hoodie" lost "warmer").
    @Test func whatIsTakenOutKeepsItsPlace() {
        var spec = DesignInstructionTests.spec()
        let title = spec.title
        let bigger = DesignInstruction.apply("no glasses, bigger title", to: &spec, palette: [])
        #expect(spec.title == title && bigger.changes == ["bigger title"], "\(bigger)")
        var light = DesignInstructionTests.spec()
        let drama = DesignInstruction.apply("no red hoodie, more dramatic", to: &light, palette: [])
        #expect(light.drama > 0 && drama.changes == ["more dramatic light"], "\(drama)")
        var warm = DesignInstructionTests.spec()
        let warmer = DesignInstruction.apply("warmer, red hoodie", to: &warm, palette: [])
        #expect(warm.warmth > 0 && warmer.needsAModel.count == 1, "\(warmer)")
        #expect(!warmer.notes.contains { $0.contains("takenout") }, "\(warmer.notes)")
    }

    /// A new face and a place each have their own answer; an expression is not refused, it is
    /// another photo.
    @Test func aFaceAPlaceAndAnExpression() {
        var spec = DesignInstructionTests.spec()
        let result = DesignInstruction.apply("shorter hair, on a beach", to: &spec, palette: [])
        #expect(result.needsAModel.count == 2, "\(result.needsAModel)")
        #expect(result.needsAModel[0].hasPrefix("Your face, hair and expression"))
        #expect(result.needsAModel[1].hasPrefix("Poses, props and places"))
        var smiling = DesignInstructionTests.spec()
        let smile = DesignInstruction.apply("smiling", to: &smiling, palette: [])
        #expect(smile.understood && smile.needsAModel.isEmpty && smiling.expression == .smiling, "\(smile)")
    }
}
