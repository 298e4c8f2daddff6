import Testing

@testable import App

/// The guide names a brand's primary colour in words a person recognises, labelled here by eye
/// (the reviewer's list included: pinks, purples, olive, tans, off-whites and blue-greys).
struct ColourWordsTests {
    @Test(arguments: [
        ("#1A73E8", "blue"), ("#0B1F4D", "deep blue"), ("#000080", "deep blue"), ("#E53935", "red"),
        ("#800000", "deep red"), ("#FFB3C7", "pink"), ("#FFC0CB", "pink"), ("#FFB6C1", "pink"),
        ("#2E7D32", "green"), ("#00FF00", "green"), ("#FF8C00", "orange"), ("#FFA500", "orange"),
        ("#6D4C2F", "brown"), ("#A52A2A", "brown"), ("#F9D71C", "yellow"), ("#FFFF00", "yellow"),
        ("#808000", "olive"), ("#7B1FA2", "purple"), ("#800080", "purple"), ("#9C27B0", "purple"),
        ("#4B0082", "deep purple"), ("#E91E63", "pink"), ("#00897B", "teal"), ("#008080", "teal"),
        ("#D2B48C", "beige"), ("#DEB887", "beige"), ("#F5F5DC", "cream"), ("#FDF6E3", "cream"),
        ("#708090", "greyish blue"), ("#607D8B", "greyish blue"), ("#111111", "black"), ("#FFFFFF", "white"),
        ("#777777", "grey"), ("#DADADA", "light grey"),
    ])
    func namesTheColoursFamily(hex: String, words: String) {
        #expect(ColourWords.describe(hex: hex) == words, "\(hex)")
    }

    @Test func aCodeThatIsNotAColourIsNotDescribed() {
        #expect(ColourWords.describe(hex: "#12345") == nil)
        #expect(ColourWords.describe(hex: "+12345") == nil)
        #expect(ColourWords.describe(hex: "blue") == nil)
        #expect(OnboardingGuide.spoken((hex: "bogus", name: nil)) == "bogus")
    }

    /// A name the user gave (or a clean one read from their guide) is said as it is; a label read
    /// from a PDF with its punctuation ("Main : Harbour Blue") is not a name.
    @Test func theBrandsOwnNameIsUsedWhenItIsOne() {
        #expect(OnboardingGuide.spoken((hex: "#1A73E8", name: "Harbour Blue")) == "Harbour Blue (#1A73E8)")
        #expect(OnboardingGuide.spoken((hex: "#1A73E8", name: "Main : Harbour Blue")) == "blue (#1A73E8)")
        #expect(OnboardingGuide.spoken((hex: "#1A73E8", name: "  ")) == "blue (#1A73E8)")
    }
}
