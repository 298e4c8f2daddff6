import Foundation

/// What InflioAI says: one or two friendly sentences for where the user is and what just happened,
/// always ending with what comes next (ONBOARDING.md, "The guide"). Pure, so every client shows the
/// same words and tests can read them.
enum OnboardingGuide {
    static func message(_ facts: OnboardingFacts, steps: [OnboardingState.Step]) -> OnboardingState.Guide {
        if OnboardingRules.isFinished(steps) {
            // Only what was done is called ready: a brand skipped twice is not.
            let withBrand = facts.brand != nil
            return .init(
                id: withBrand ? "finished" : "finished:no-brand", mood: "celebrate",
                text: "You're all set up! "
                    + (withBrand
                        ? "Your profile, brand and AI avatar are ready" : "Your profile and AI avatar are ready")
                    + ". Open your personas any time from the header.")
        }
        if steps[0].state != .done { return wizard(facts) }
        if steps[1].state == .current {
            if let brand = facts.brand {
                let colour = brand.primary.map { " I've got \(Self.spoken($0)) down as your primary colour." } ?? ""
                return .init(
                    id: "step2:review", mood: "celebrate",
                    text: "Step 1 done, step 2 unlocked!\(colour) Check your colours and fonts, fix anything, "
                        + "then confirm.")
            }
            return .init(
                id: "step2:no-brand", mood: "info",
                text: "Step 1 done, step 2 unlocked! You skipped your brand earlier: answer the five quick "
                    + "questions now, or skip it again.")
        }
        if steps[2].state == .current {
            return .init(
                id: "step3:review", mood: "info",
                text: "Step 3: your AI avatar, up close. Regenerate any portrait you'd like different, then confirm.")
        }
        return .init(id: "steps:next", mood: "info", text: "On to the next step whenever you're ready.")
    }

    /// The primary colour as a person knows it: the brand's own name for it when it is a plain
    /// name (words of letters, up to four; a label read from a PDF with its punctuation is not),
    /// else in words ("deep blue"), the code after it for whoever checks it against a style guide.
    static func spoken(_ colour: (hex: String, name: String?)) -> String {
        let name = colour.name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let words = name.split(separator: " ")
        let plain =
            !words.isEmpty && words.count <= 4 && name.count <= 32
            && name.allSatisfy { $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" }
        return (plain ? name : ColourWords.describe(hex: colour.hex)).map { "\($0) (\(colour.hex))" } ?? colour.hex
    }

    /// What the guide says on `step`'s own page. While the step is open it is the page-wide
    /// `pageWide`; once it is done or skipped the page-wide words speak of a later step ("…then
    /// confirm" a brand, on the wizard's summary), so its page says what is left there and names the
    /// next step instead.
    static func pageMessage(
        _ step: OnboardingState.Step, steps: [OnboardingState.Step], otherwise pageWide: OnboardingState.Guide
    ) -> OnboardingState.Guide {
        let opening: String
        switch step.state {
        case .done: opening = "Nothing left to confirm here."
        case .skipped: opening = "You skipped this step: you can still do it here, any time."
        case .current, .locked, .unavailable: return pageWide
        }
        let next = steps.first { $0.state == .current }
        return .init(
            id: "step\(step.number):\(step.state.rawValue):\(next?.key ?? "none")", mood: "info",
            text: opening + " "
                + (next.map { "Next in your setup: \($0.title)." }
                    ?? "Your setup is complete. Your personas are in the header."))
    }

    private static func wizard(_ facts: OnboardingFacts) -> OnboardingState.Guide {
        let name = facts.answers.profile?.displayName.split(separator: " ").first.map(String.init)
        switch facts.substep {
        case .profile:
            if facts.isFirstVisit {
                return .init(
                    id: "profile:hello", mood: "info",
                    text: "Hi, I'm InflioAI. I'll walk you through setting up your studio, one small step at a "
                        + "time. First: what should I call you, and what do you create?")
            }
            return .init(
                id: "profile:ask", mood: "info",
                text: "Tell me your name and what you create, so everything I make fits you. Then we'll do your brand.")
        case .brand:
            // Back at a brand already saved: nothing to skip (the page offers no "Skip" then).
            if facts.hasBrand {
                return .init(
                    id: "brand:saved", mood: "info",
                    text: "Your brand is saved. Change anything here, or go on to your AI avatar.")
            }
            let hello = name.map { "Nice to meet you, \($0)! " } ?? ""
            let pdf =
                facts.capabilities.contains("brand_pdf")
                ? "Upload your brand guidelines as a PDF, or answer five quick questions"
                : "Answer five quick questions"
            return .init(
                id: "brand:ask", mood: "info",
                text: "\(hello)\(pdf) so everything matches your brand. No brand yet? Skip it for now.")
        case .avatar:
            return avatar(facts)
        case .preferences:
            return .init(
                id: "preferences:ask", mood: "info",
                text: "Where do you post, and how often? That shapes what I make for you. Not sure yet? Skip it.")
        case .review:
            return .init(
                id: "review:ask", mood: "info",
                text: "Here's everything in one place. Check it, then confirm to finish step 1 and unlock step 2.")
        }
    }

    private static func avatar(_ facts: OnboardingFacts) -> OnboardingState.Guide {
        let skippedBrand = !facts.hasBrand && facts.brandSkippedAt != nil
        if facts.consentAt == nil {
            let opening = skippedBrand ? "No problem, you can add your brand in step 2. " : ""
            return .init(
                id: "avatar:consent", mood: "info",
                text: "\(opening)Now the fun part: a few selfies become five portraits of you. "
                    + "First, a short note on how your face is used.")
        }
        if let moment = facts.moment, moment.kind == .photosRejected,
            facts.avatar == nil
                || facts.avatar?.status == "failed"
        {
            return .init(
                id: "avatar:rejected:\(moment.codes.joined(separator: ","))", mood: "help",
                text: "Some photos couldn't be used: \(reasons(moment.codes)). Add a few more, "
                    + "and I'll check them again.")
        }
        switch facts.avatar?.status {
        case "ready" where facts.avatar?.offlinePreviews == true:
            // Honest about what the offline studio made: the person's own photos, relit.
            return .init(
                id: "avatar:ready-preview", mood: "celebrate",
                text: "Your portrait previews are ready: your own photos, relit, on new or blurred backgrounds. "
                    + "Connecting an image model makes generated portraits. Next, tell me how you like to post.")
        case "ready":
            return .init(
                id: "avatar:ready", mood: "celebrate",
                text: "Your portraits are ready: that's you, in a studio you never visited. "
                    + "Next, tell me how you like to post.")
        case "failed":
            return .init(
                id: "avatar:failed", mood: "help",
                text: "Your portraits didn't come out this time. Try again with a few different photos: "
                    + "good light and a clear view of your face help most.")
        case .some:
            return .init(
                id: "avatar:making", mood: "info",
                text: "Your photos look good and your portraits are on their way: a minute or two. "
                    + "Each one is checked against your face.")
        case nil:
            return .init(
                id: "avatar:photos", mood: "info",
                text: "Add 5 to 20 photos of yourself: different angles, a smile, different light. "
                    + "I'll check each one, then your portraits arrive in a minute or two.")
        }
    }

    /// The issue codes of rejected photos in plain words.
    static func reasons(_ codes: [String]) -> String {
        let words: [String: String] = [
            "no_face": "no face I could find", "multiple_faces": "more than one face",
            "face_too_small": "the face too small", "face_cut_off": "the face cut off at the edge",
            "too_dark": "too dark", "too_bright": "too bright", "blurry": "blurry",
            "extreme_angle": "the head turned too far", "different_person": "someone else",
            "duplicate": "the same shot twice", "mirrored_copy": "a mirror image of another photo",
            "uncertain_identity": "perhaps not you", "unsupported_format": "not a photo",
            "unreadable_image": "a file I couldn't open", "image_too_large": "a file too large",
        ]
        let said = codes.prefix(3).map { words[$0] ?? $0.replacingOccurrences(of: "_", with: " ") }
        switch said.count {
        case 0: return "they didn't pass the checks"
        case 1: return said[0]
        default: return said.dropLast().joined(separator: ", ") + " and " + said.last!
        }
    }
}
