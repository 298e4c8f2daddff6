/// The launchpad's five steps: what each is and why it matters (ONBOARDING.md, in our words).
struct OnboardingStep: Sendable {
    let number: Int
    let key: String
    let title: String
    let description: String
    let why: String
    /// An optional step may be skipped and still counts towards the progress.
    let isOptional: Bool
    /// The server capability that makes the step available; nil for the steps always offered.
    let capability: String?

    static let all: [OnboardingStep] = [
        .init(
            number: 1, key: "onboarding", title: "Complete onboarding",
            description: "Your profile, your brand, your AI avatar and how you like to post.",
            why: "The studio learns who you are and what your brand looks like.", isOptional: false,
            capability: nil),
        .init(
            number: 2, key: "brand", title: "Review your brand",
            description: "Check your colours, fonts and guidelines, and fix anything that's off.",
            why: "Everything we make for you later matches your vision.", isOptional: true, capability: nil),
        .init(
            number: 3, key: "avatar", title: "Review your AI avatar",
            description:
                "See your portraits large, regenerate any you'd like different, keep the attempt you like best.",
            why: "These are the visuals that represent you in every thumbnail and post.", isOptional: false,
            capability: nil),
        .init(
            number: 4, key: "socials", title: "Connect your socials",
            description: "Link Instagram, TikTok, LinkedIn and YouTube.",
            why: "Publish everywhere in one click.", isOptional: false, capability: "socials"),
        .init(
            number: 5, key: "video", title: "Upload your first video",
            description: "Watch one video become many pieces of content.",
            why: "One video becomes 30+ posts, clips and thumbnails: the value, proven.", isOptional: false,
            capability: "video"),
    ]
}
