import Vapor

/// The choices the wizard offers, served so every client lists the same ones.
struct OnboardingOptions: Content, Equatable {
    struct Choice: Content, Equatable {
        let value: String
        let label: String
    }

    let niches: [Choice]
    let platforms: [Choice]
    let contentStyles: [Choice]
    let postingFrequencies: [Choice]

    static let standard = OnboardingOptions(
        niches: [
            .init(value: "education", label: "Education & how-to"), .init(value: "tech", label: "Tech"),
            .init(value: "gaming", label: "Gaming"), .init(value: "lifestyle", label: "Lifestyle"),
            .init(value: "fitness", label: "Health & fitness"), .init(value: "food", label: "Food & cooking"),
            .init(value: "travel", label: "Travel"), .init(value: "beauty", label: "Beauty & fashion"),
            .init(value: "business", label: "Business & finance"), .init(value: "music", label: "Music"),
            .init(value: "comedy", label: "Comedy & entertainment"), .init(value: "other", label: "Other"),
        ],
        platforms: [
            .init(value: "instagram", label: "Instagram"), .init(value: "tiktok", label: "TikTok"),
            .init(value: "linkedin", label: "LinkedIn"), .init(value: "youtube", label: "YouTube"),
            .init(value: "x", label: "X"),
        ],
        contentStyles: [
            .init(value: "educational", label: "Educational"), .init(value: "entertaining", label: "Entertaining"),
            .init(value: "inspirational", label: "Inspirational"),
            .init(value: "behind_the_scenes", label: "Behind the scenes"),
            .init(value: "commentary", label: "News & commentary"),
        ],
        postingFrequencies: [
            .init(value: "daily", label: "Every day"), .init(value: "few_per_week", label: "A few times a week"),
            .init(value: "weekly", label: "Once a week"), .init(value: "monthly", label: "A few times a month"),
        ])

    static func contains(_ choices: [Choice], _ value: String) -> Bool { choices.contains { $0.value == value } }
}
