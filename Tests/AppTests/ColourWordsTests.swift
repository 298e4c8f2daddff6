import Testing

@testable import App

/// The guide names a brand's primary colour in words a person recognises, labelled here by eye.
struct ColourWordsTests {
    @Test(arguments: [
        ("#1A73E8", "a blue"), ("#0B1F4D", "a deep blue"), ("#E53935", "a red"), ("#FFB3C7", "a light pink"),
        ("#2E7D32", "a green"), ("#FF8C00", "an orange"), ("#6D4C2F", "a brown"), ("#F9D71C", "a yellow"),
        ("#7B1FA2", "a purple"), ("#00897B", "a teal"), ("#111111", "black"), ("#FFFFFF", "white"),
        ("#777777", "a grey"), ("#DADADA", "a light grey"),
    ])
    func namesTheColoursFamily(hex: String, words: String) {
        #expect(ColourWords.describe(hex: hex) == words)
    }

    @Test func aCodeThatIsNotAColourIsNotDescribed() {
        #expect(ColourWords.describe(hex: "#12345") == nil)
        #expect(ColourWords.describe(hex: "blue") == nil)
        #expect(OnboardingGuide.spoken((hex: "bogus", name: nil)) == "bogus")
    }
}
