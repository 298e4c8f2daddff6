import Testing

@testable import Providers

/// The backdrop's colours as a refinement names them: the brand's own shade of a named colour,
/// "solid", tones, and an accent that stays visible.
struct DesignBackdropColourTests {
    /// A colour named for the backdrop is the brand's own shade when its palette has one a person
    /// calls by that name: a tester's "make the background solid dark navy" got the name table's
    /// navy darkened (#0F154B) beside the brand's navy, and "dark" darkened the person too.
    @Test func aNamedColourIsTheBrandsOwnShade() {
        let navy = DesignColour(hex: "#1B2A4A")!
        let palette = [DesignColour(hex: "#0F766E")!, navy, DesignColour(hex: "#F97316")!]
        var spec = DesignInstructionTests.spec()
        let result = DesignInstruction.apply("make the background solid dark navy", to: &spec, palette: palette)
        #expect(result.changes == ["solid dark navy background in your brand's navy (#1B2A4A)"], "\(result)")
        #expect(result.notes.isEmpty && spec.exposure == 0, "\(result)")
        #expect(spec.backgroundFrom == navy && spec.backgroundTo == navy)
        // A name the brand has no shade of is the name table's; "dark" darkens a colour only
        // where it is not dark already.
        var red = DesignInstructionTests.spec()
        _ = DesignInstruction.apply("a red background", to: &red, palette: palette)
        #expect(red.backgroundFrom == DesignInstruction.colourNames["red"], "the brand's orange is not red")
        var plainNavy = DesignInstructionTests.spec()
        _ = DesignInstruction.apply("a dark navy background", to: &plainNavy, palette: [])
        #expect(plainNavy.backgroundFrom == DesignInstruction.colourNames["navy"])
        var darkBlue = DesignInstructionTests.spec()
        _ = DesignInstruction.apply("a dark blue background", to: &darkBlue, palette: [])
        #expect(darkBlue.backgroundFrom.luminance < DesignInstruction.colourNames["blue"]!.luminance * 0.6)
        #expect(darkBlue.backgroundTo != darkBlue.backgroundFrom, "a gradient unless asked solid")
    }

    /// "solid" is one colour however shaded; a tone counts after "background" only right before a
    /// colour; before it, only the words right before count (the reviewer's cases).
    @Test func solidTonesAndTheWordsThatNameTheBackdrop() {
        func applied(_ text: String) -> (DesignSpec, DesignInstruction) {
            var spec = DesignInstructionTests.spec()
            let result = DesignInstruction.apply(text, to: &spec, palette: [])
            return (spec, result)
        }
        let blue = DesignInstruction.colourNames["blue"]!
        let (solidDarkBlue, _) = applied("a solid dark blue background")
        #expect(solidDarkBlue.backgroundFrom == solidDarkBlue.backgroundTo)
        #expect(solidDarkBlue.backgroundFrom.luminance < blue.luminance * 0.6)
        let (solidDark, _) = applied("solid dark background")
        #expect(solidDark.backgroundFrom == solidDark.backgroundTo)
        #expect(solidDark.backgroundFrom.luminance < DesignInstructionTests.spec().backgroundFrom.luminance)
        let (plain, plainSaid) = applied("plain background")
        #expect(
            plain.backgroundFrom == DesignInstructionTests.spec().backgroundFrom
                && plain.backgroundTo == plain.backgroundFrom)
        #expect(plainSaid.changes == ["solid background"], "\(plainSaid)")
        let (navyDarkerLight, said) = applied("make the background navy and the light darker")
        #expect(navyDarkerLight.backgroundFrom == DesignInstruction.colourNames["navy"], "\(said)")
        #expect(navyDarkerLight.exposure < 0, "the light's own word: \(said)")
        let (hoodie, _) = applied("red hoodie on blue background")
        #expect(hoodie.backgroundFrom == blue && hoodie.backgroundTo != DesignInstruction.colourNames["red"])
        // Light yellow is a pale yellow to a yellow a little darker (the tester's came out peach
        // to tan: the name table's yellow was amber, and ran to a third darker).
        let (lightYellow, _) = applied("a light yellow background")
        #expect(lightYellow.backgroundFrom.luminance > DesignInstruction.colourNames["yellow"]!.luminance)
        #expect(lightYellow.backgroundFrom.colourName == "yellow" && lightYellow.backgroundTo.colourName == "yellow")
    }

    /// The names brand colours are known by, labelled by eye.
    @Test func brandColoursAreCalledWhatAPersonWouldCallThem() {
        // None of these is one of the examples named (`DesignColour.namedExamples`).
        let labelled: [String: String?] = [
            "#0B1F4D": "navy", "#14213D": "navy", "#003366": "navy", "#1B2A4A": "navy", "#2D5C8A": "blue",
            "#4A90D9": "blue", "#F97316": "orange", "#FF8F00": "orange", "#E63946": "red", "#0F766E": "teal",
            "#F8F8F0": "white", "#1A1A1A": "black", "#6B7280": "grey", "#92400E": "brown", "#78350F": "brown",
            "#1A2B3C": "slate", "#2C3E50": "slate", "#FFD700": "yellow", "#00A86B": "green", "#E91E63": "pink",
            "#9C27B0": "purple", "#00FFFF": nil,
        ]
        for (hex, name) in labelled {
            #expect(DesignColour(hex: hex)!.colourName == name, "\(hex)")
        }
    }

    /// An accent the backdrop swallows (the brand's navy on a navy backdrop) gives way to white or
    /// ink, whichever shows; one that shows stays the brand's.
    @Test func anAccentShowsOnItsBackdrop() {
        var spec = DesignInstructionTests.spec()
        spec.accent = DesignColour(hex: "#1B2A4A")!
        #expect(LayoutRenderer.accent(spec, showingOn: DesignColour(hex: "#1B2A4A")!) == .white)
        #expect(LayoutRenderer.accent(spec, showingOn: DesignColour(hex: "#F5F5F5")!) == spec.accent)
        spec.accent = DesignColour(hex: "#F5F5F5")!
        #expect(LayoutRenderer.accent(spec, showingOn: .white) == .ink)
    }

    /// A one-colour brand's accent is a tint made here, so it must show as a graphic should
    /// (3:1), not merely not vanish (1.5:1): a tester's slate brand drew a #989FAD bar at 1.8:1 on
    /// "light yellow". A brand's own accent at that contrast is kept: it is the brand's.
    @Test func aTintedAccentShowsClearly() {
        let slate = DesignBrand(
            colours: [("#3B4A5E", .primary)], font: "DejaVu Sans", fontFallback: "DejaVu Sans", hasLogo: false)
        let spec = DesignSpec.initial(format: .youtubeThumbnail, prompt: "", title: "Hi", brand: slate, seed: 1)
        #expect(spec.accentIsTint == true)
        let lightYellow = DesignColour(hex: "#FEF3C0")!
        let contrast = DesignColour.contrast(spec.accent.luminance, lightYellow.luminance)
        #expect(contrast > 1.5 && contrast < 3, "the case: \(contrast)")
        #expect(LayoutRenderer.accent(spec, showingOn: lightYellow, else: .ink) == .ink)
        #expect(LayoutRenderer.accent(spec, showingOn: spec.backgroundFrom) == spec.accent, "on its own backdrop")
        var own = spec
        own.accentIsTint = nil
        #expect(LayoutRenderer.accent(own, showingOn: lightYellow) == spec.accent)
        // A brand with an accent, or with a second colour, has none made up.
        let two = DesignBrand(
            colours: [("#3B4A5E", .primary), ("#F97316", .secondary)], font: "DejaVu Sans", fontFallback: "DejaVu Sans",
            hasLogo: false)
        #expect(
            DesignSpec.initial(format: .youtubeThumbnail, prompt: "", title: "Hi", brand: two, seed: 1).accentIsTint
                == nil)
        #expect(
            DesignSpec.initial(format: .youtubeThumbnail, prompt: "", title: "Hi", brand: .standard, seed: 1)
                .accentIsTint == nil)
    }
}
