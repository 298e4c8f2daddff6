import Testing

@testable import Providers

/// What the offline studio understands of a refinement, and what it says it did not.
struct DesignInstructionTests {
    static func spec(_ format: DesignFormat = .youtubeThumbnail) -> DesignSpec {
        DesignSpec.initial(
            format: format, prompt: "me, title 'Hello'", title: nil, brand: .standard, seed: 1)
    }

    @Test func moreDramaticLightingChangesOnlyTheLight() {
        var spec = Self.spec()
        let before = spec
        let result = DesignInstruction.apply("more dramatic lighting", to: &spec, palette: [])
        #expect(result.understood && result.notes.isEmpty, "\(result)")
        #expect(spec.drama == before.drama + 1)
        var same = spec
        same.drama = before.drama
        #expect(same == before, "nothing but the light changed")
    }

    @Test func stepsAccumulateAndAreClamped() {
        var spec = Self.spec()
        for _ in 0..<4 { _ = DesignInstruction.apply("more dramatic", to: &spec, palette: []) }
        #expect(spec.drama == 2)
        _ = DesignInstruction.apply("not so dramatic", to: &spec, palette: [])
        #expect(spec.drama == 1)
    }

    @Test func quotedWordsBecomeTheTitleExactly() {
        var spec = Self.spec()
        let result = DesignInstruction.apply("change the title to “Bitcoin's 2028 — why?”", to: &spec, palette: [])
        #expect(spec.title == "Bitcoin's 2028 — why?")
        #expect(result.understood)
        _ = DesignInstruction.apply("no title please", to: &spec, palette: [])
        #expect(spec.title == "")
    }

    @Test func positionSizeColourPhotoAndLogo() {
        var spec = Self.spec()
        _ = DesignInstruction.apply("put the title on the right", to: &spec, palette: [])
        #expect(spec.personSide == .left)
        _ = DesignInstruction.apply("move me to the right", to: &spec, palette: [])
        #expect(spec.personSide == .right)
        _ = DesignInstruction.apply("make the title bigger", to: &spec, palette: [])
        #expect(spec.titleScale > 1)
        _ = DesignInstruction.apply("title at the bottom", to: &spec, palette: [])
        #expect(spec.layout == .band)
        _ = DesignInstruction.apply("a red background", to: &spec, palette: [])
        #expect(spec.backgroundFrom == DesignInstruction.colourNames["red"])
        let smile = DesignInstruction.apply("can I look happier, smiling", to: &spec, palette: [])
        #expect(spec.expression == .smiling && spec.referenceRank == 0)
        #expect(smile.notes.contains { $0.contains("never repaints a face: it chose your most smiling photo") })
        let rank = spec.referenceRank
        let other = DesignInstruction.apply("a different expression", to: &spec, palette: [])
        #expect(spec.referenceRank == rank + 1)
        #expect(other.notes.contains { $0.contains("cannot change an expression") })
        spec.showLogo = true
        _ = DesignInstruction.apply("remove the logo", to: &spec, palette: [])
        #expect(!spec.showLogo)
    }

    @Test func aTitleAboveIsRefusedInWordsOnAWideFormat() {
        var spec = Self.spec(.youtubeThumbnail)
        let result = DesignInstruction.apply("title on top, brighter", to: &spec, palette: [])
        #expect(spec.layout == .split)
        #expect(result.notes.contains { $0.contains("too wide") })
        var tall = Self.spec(.instagramPost)
        _ = DesignInstruction.apply("title on top", to: &tall, palette: [])
        #expect(tall.layout == .stack)
    }

    @Test func whatIsNotUnderstoodIsSaid() {
        var spec = Self.spec()
        let nothing = DesignInstruction.apply("add a hat and a parrot", to: &spec, palette: [])
        #expect(!nothing.understood)
        #expect(nothing.notes.contains { $0 == "Not understood, so not done: parrot." }, "\(nothing.notes)")
        #expect(nothing.needsAModel.count == 1, "a hat is understood, and needs a model")
        let some = DesignInstruction.apply("warmer, and a parrot", to: &spec, palette: [])
        #expect(some.understood && some.notes.contains { $0.contains("parrot") })
        // "Back" restores what is named: nothing to report.
        let back = DesignInstruction.apply(
            "put the title back: 'Ship it', and make the background blue", to: &spec, palette: [])
        #expect(back.understood && !back.notes.contains { $0.hasPrefix("Not understood") }, "\(back.notes)")
        #expect(spec.title == "Ship it")
        // The corner's words are the logo's, not the person's side or the title's end.
        let before = spec
        let logo = DesignInstruction.apply("my logo in the top left corner", to: &spec, palette: [])
        #expect(spec.personSide == before.personSide && spec.layout == before.layout && spec.showLogo)
        #expect(!logo.notes.contains { $0.hasPrefix("Not understood") }, "\(logo.notes)")
    }

    @Test func thePromptGivesTitleAndMood() {
        #expect(DesignPrompt.quoted(in: "big bold title 'Bitcoin in 2027'")?.text == "Bitcoin in 2027")
        #expect(DesignPrompt.quoted(in: "it's my \"Launch day\"")?.text == "Launch day")
        #expect(DesignPrompt.quoted(in: "don't quote me") == nil)
        #expect(DesignPrompt.scenario(for: "me looking excited", format: .instagramPost) == 2)
        #expect(DesignPrompt.scenario(for: "a professional headshot", format: .youtubeThumbnail) == 0)
        #expect(DesignPrompt.scenario(for: "hello", format: .youtubeThumbnail) == 2)
        #expect(DesignPrompt.scenario(for: "hello", format: .story) == 1)
    }

    /// A tester's prompt came back "Ready" with most of it dropped: a first version made offline
    /// says what it left out, and whether a refinement can still do it.
    @Test func aFirstVersionSaysWhatItLeftOut() {
        let scene = DesignPrompt.leftOut(
            of: "me looking surprised next to a glowing circuit board, title 'Chips in 2027'", format: .youtubeThumbnail
        )
        #expect(
            scene == [
                "Words the offline studio can't draw: glowing, circuit, board. It lays out your photo, title and "
                    + "colours; it does not draw scenes or objects.",
                "The offline studio never repaints a face: for “surprised” it chose your liveliest photo, by the "
                    + "teeth and the open mouth it can see.",
            ])
        // A side and a background colour are acted on (`aFirstVersionPlacesAndColoursAsAsked`);
        // a word only a refinement reads is named.
        let placed = DesignPrompt.leftOut(
            of: "me on the left with a blue background in my office, swap", format: .instagramPost,
            brandHasLogo: false)
        #expect(placed.first == "Words not acted on in this first version: swap. Ask again in a refinement.")
        #expect(placed.count == 2 && placed[1].contains("draw: office."), "\(placed)")
        // What a side or an end could not do is said.
        #expect(
            DesignPrompt.leftOut(of: "title on top", format: .youtubeThumbnail) == [
                "A YouTube thumbnail is too wide to put the title above you; it stays beside you."
            ])
        // A quoted title the title field replaced is not dropped unsaid.
        #expect(
            DesignPrompt.leftOut(of: "me, title 'Old words'", format: .story, title: "New words") == [
                "The quoted “Old words” was not set: the title given, “New words”, was."
            ])
        #expect(DesignPrompt.leftOut(of: "me, title 'Same'", format: .story, title: "Same").isEmpty)
        #expect(
            DesignPrompt.leftOut(of: "me and my logo", format: .story, brandHasLogo: false) == [
                "No logo: your brand has none yet. Add one to your brand to show it."
            ])
        #expect(DesignPrompt.leftOut(of: "me and my logo", format: .story).isEmpty)
        #expect(
            DesignPrompt.leftOut(of: "me looking excited, big bold title 'Bitcoin in 2027'", format: .youtubeThumbnail)
                .count == 1)
        #expect(DesignPrompt.leftOut(of: "me, big bold title 'Bitcoin in 2027'", format: .youtubeThumbnail).isEmpty)
        // Light and framing words are read by the first version too ("blue" alone is cooler light).
        #expect(
            DesignPrompt.leftOut(of: "a warmer, blue, close-up professional post about 'Tips'", format: .instagramPost)
                .isEmpty)
        var spec = DesignSpec.initial(
            format: .instagramPost, prompt: "a close-up", title: nil, brand: .standard, seed: 1)
        #expect(spec.zoom == 1)
        spec = DesignSpec.initial(format: .instagramPost, prompt: "me", title: nil, brand: .standard, seed: 1)
        #expect(spec.zoom == 0)
        let many = DesignPrompt.leftOut(of: "cats dogs birds fish trees cars boats planes trains", format: .story)
        #expect(many.first?.contains("planes, …") == true, "\(many)")
    }

    /// "me on the left with a blue background": every variation puts the person on the left on a
    /// blue backdrop (a tester's four variations all said "not acted on: left", though two of them
    /// had put the person there by chance).
    @Test func aFirstVersionPlacesAndColoursAsAsked() {
        let blue = DesignInstruction.colourNames["blue"]!
        for variation in 0..<4 {
            let spec = DesignSpec.initial(
                format: .instagramPost, prompt: "me on the left with a blue background", title: nil,
                brand: .standard, seed: 1, variation: variation)
            // (The band layout shifts the person to the side too.)
            #expect(spec.personSide == .left && spec.layout != .stack, "variation \(variation)")
            #expect(spec.backgroundFrom == blue, "variation \(variation)")
        }
        // The title's side is the person's other side; the title's own words never place anything.
        // (Variation 1 puts the person on the left unless told otherwise.)
        let titled = DesignSpec.initial(
            format: .youtubeThumbnail, prompt: "title on the left: 'Go right'", title: nil, brand: .standard, seed: 1,
            variation: 1)
        #expect(titled.personSide == .right && titled.title == "Go right")
        let plain = DesignSpec.initial(
            format: .youtubeThumbnail, prompt: "me, 'Right on a blue background'", title: nil, brand: .standard,
            seed: 1, variation: 1)
        #expect(plain.personSide == .left && plain.backgroundFrom == DesignBrand.standard.colour(.primary))
        // A first prompt describes as much as it asks: only a place said as one places anything,
        // and a negated one nothing.
        func initial(_ prompt: String, _ format: DesignFormat = .instagramPost, variation: Int = 0) -> DesignSpec {
            DesignSpec.initial(
                format: format, prompt: prompt, title: nil, brand: .standard, seed: 1, variation: variation)
        }
        #expect(initial("top 5 AI tools").layout == initial("5 AI tools").layout)
        #expect(initial("the right way to invest", variation: 1).personSide == .left)
        #expect(initial("me with my band").layout == initial("me").layout)
        #expect(initial("me, not on the left", variation: 0).personSide == .right)
        #expect(initial("me on the left side").personSide == .left)
        #expect(initial("no blue background").backgroundFrom == initial("").backgroundFrom)
        #expect(initial("a red hoodie on a blue background").backgroundFrom == blue)
        #expect(initial("the background in navy and teal").backgroundFrom == DesignInstruction.colourNames["navy"])
        #expect(
            DesignPrompt.leftOut(of: "a red hoodie on a blue background", format: .instagramPost).first?
                .hasPrefix("Words the offline studio can't draw: red, hoodie.") == true)
        // A side a layout cannot show is said (a story's first variation puts the title above).
        #expect(
            DesignPrompt.leftOut(of: "me on the left, title on top", format: .story, variation: 0) == [
                "With the title above you, you stand in the middle: a Story or reel cover has no room for you on a "
                    + "side of it."
            ])
        #expect(initial("me on the left", .story).layout == .band, "the band shifts the person to the side")
        #expect(DesignPrompt.leftOut(of: "me on the left", format: .story).isEmpty)
        // Four variations with a side and a colour fixed still differ in layout or photo (the
        // second had turned from stack to split, variation 0's, and differed only in warmth).
        let fixed = (0..<4).map { initial("me on the right, red background", variation: $0) }
        let kinds = Set(fixed.map { "\($0.layout)-\($0.referenceRank)" })
        #expect(kinds.count == 4, "\(kinds)")
        #expect(
            fixed.allSatisfy { $0.personSide == .right && $0.backgroundFrom == DesignInstruction.colourNames["red"] })
    }

    /// "a dark background" darkens the backdrop, not the person; "a blue background" is not cooler
    /// light on the person (a tester's "dark background" came back in the bright brand colours).
    @Test func aBackdropsToneAndColourAreTheBackdropsAlone() {
        let plain = DesignSpec.initial(format: .instagramPost, prompt: "me", title: nil, brand: .standard, seed: 1)
        let dark = DesignSpec.initial(
            format: .instagramPost, prompt: "me on the right with a dark background", title: nil, brand: .standard,
            seed: 1)
        #expect(dark.backgroundFrom.luminance < plain.backgroundFrom.luminance * 0.5)
        #expect(dark.exposure == 0 && dark.backgroundTo.luminance < plain.backgroundTo.luminance)
        let blue = DesignSpec.initial(
            format: .instagramPost, prompt: "a blue background", title: nil, brand: .standard, seed: 1)
        #expect(blue.warmth == 0 && blue.backgroundFrom == DesignInstruction.colourNames["blue"])
        #expect(DesignPrompt.leftOut(of: "me on the right with a dark background", format: .instagramPost).isEmpty)
        var refined = plain
        let answer = DesignInstruction.apply("a lighter background", to: &refined, palette: [])
        #expect(answer.changes == ["light background"] && refined.exposure == 0)
        #expect(refined.backgroundFrom.luminance > plain.backgroundFrom.luminance)
        // A two-colour brand rules its titles in its own second colour, not a built-in orange.
        let two = DesignBrand(
            colours: [("#2D5C8A", .primary), ("#E63946", .secondary)], font: "DejaVu Sans",
            fontFallback: "DejaVu Sans", hasLogo: false)
        let spec = DesignSpec.initial(format: .instagramPost, prompt: "me", title: nil, brand: two, seed: 1)
        #expect(spec.accent.hex == "#E63946")
    }

    /// A refinement naming a side keeps the band (which shifts the person to that side), and one
    /// that negates a place does not make it.
    @Test func aSideKeepsTheBandAndANegatedPlaceIsNotMade() {
        var spec = DesignSpec.initial(
            format: .instagramPost, prompt: "me", title: "Hi", brand: .standard, seed: 1, variation: 0)
        _ = DesignInstruction.apply("title at the bottom", to: &spec, palette: [])
        #expect(spec.layout == .band)
        let moved = DesignInstruction.apply("move me to the left", to: &spec, palette: [])
        #expect(spec.layout == .band && spec.personSide == .left && moved.changes == ["you on the left"])
        let layout = spec.layout
        let removed = DesignInstruction.apply("remove the band", to: &spec, palette: [])
        #expect(spec.layout == layout && !removed.changes.contains("title in a band at the bottom"))
        // Typographic apostrophes and quoted words read as plain words.
        #expect(
            DesignPrompt.words(of: "Make the title’s size bigger, 'Epic' let’s go") == [
                "make", "the", "title", "size", "bigger", "epic", "let", "go",
            ])
        let bigger = DesignInstruction.apply("make the title’s size bigger", to: &spec, palette: [])
        #expect(bigger.changes == ["bigger title"], "\(bigger.changes)")
        #expect(DesignPrompt.scenario(for: "an 'Epic' day", format: .story) == 2)
    }

    @Test func fourVariationsDiffer() {
        let specs = (0..<4).map {
            DesignSpec.initial(
                format: .instagramPost, prompt: "tips", title: "5 tips", brand: .standard, seed: 1, variation: $0)
        }
        #expect(
            Set(specs.map { "\($0.layout)-\($0.personSide)-\($0.referenceRank)-\($0.backgroundFrom.hex)" }).count == 4)
        #expect(specs.allSatisfy { $0.title == "5 tips" })
    }

    @Test func modelSizesAreTheNearestInShape() {
        #expect(
            DesignFormat.youtubeThumbnail.modelSize.width == 1536
                && DesignFormat.youtubeThumbnail.modelSize.height == 1024)
        #expect(DesignFormat.story.modelSize.width == 1024 && DesignFormat.story.modelSize.height == 1536)
        #expect(
            DesignFormat.instagramPost.modelSize.width == 1024 && DesignFormat.instagramPost.modelSize.height == 1024)
        #expect(
            DesignFormat.instagramPortrait.modelSize.width == 1024
                && DesignFormat.instagramPortrait.modelSize.height == 1536)
    }
}

/// The review's cases: a negation takes only what it names; colour words not used are said.
struct DesignInstructionNegationTests {
    @Test func removingTheLogoKeepsTheTitle() {
        var spec = DesignInstructionTests.spec()
        spec.showLogo = true
        _ = DesignInstruction.apply("remove the logo and make the title bigger", to: &spec, palette: [])
        #expect(!spec.showLogo && spec.title == "Hello" && spec.titleScale > 1)
    }

    @Test func anUnusedColourIsNotSilentlyDropped() {
        var spec = DesignInstructionTests.spec()
        let result = DesignInstruction.apply("warmer, title in red", to: &spec, palette: [])
        #expect(result.notes.contains { $0.contains("red") }, "\(result.notes)")
    }

    /// After a colour was asked for, the brand's own colours can be asked back (a tester's "use
    /// the brand colours for the background" was refused as not understood).
    @Test func theBrandsColoursCanBeAskedBack() {
        let brand = DesignBrand(
            colours: [("#0F766E", .primary), ("#1B2A4A", .secondary), ("#F97316", .accent)], font: "DejaVu Sans",
            fontFallback: "DejaVu Sans", hasLogo: false)
        var spec = DesignSpec.initial(
            format: .youtubeThumbnail, prompt: "me, title 'Hi'", title: nil, brand: brand, seed: 1)
        let first = spec
        _ = DesignInstruction.apply("blue background", to: &spec, brand: brand)
        #expect(spec.backgroundFrom != first.backgroundFrom)
        let result = DesignInstruction.apply("use the brand colours for the background", to: &spec, brand: brand)
        #expect(result.understood && result.notes.isEmpty, "\(result)")
        #expect(result.changes == ["the brand's colours in the background"])
        #expect(spec.backgroundFrom == first.backgroundFrom && spec.backgroundTo == first.backgroundTo)
        // Negated, or about the title, or a switch to other colours: not this.
        var blue = first
        _ = DesignInstruction.apply("blue background", to: &blue, brand: brand)
        for instruction in [
            "not the brand colours", "don't use the brand colours", "the title in the brand colour",
            "switch to the other brand colours",
        ] {
            var other = blue
            let said = DesignInstruction.apply(instruction, to: &other, brand: brand)
            #expect(!said.changes.contains("the brand's colours in the background"), "\(instruction): \(said)")
            if !instruction.contains("switch") {
                #expect(other.backgroundFrom == blue.backgroundFrom, "\(instruction)")
            }
        }
        var switched = first
        let other = DesignInstruction.apply("switch to the other brand colours", to: &switched, brand: brand)
        #expect(other.changes == ["other brand colours"] && switched.backgroundFrom != first.backgroundFrom)
    }
}
