import Foundation
import PersonaKit
import Testing

@testable import App

/// The onboarding's rules without a server: states, percent, locks, what step 1 still needs, and
/// the guide's words.
struct OnboardingRulesTests {
    let ready = OnboardingFacts.Avatar(personaID: UUID(), status: "ready", portraitsReady: 5)

    func facts(_ change: (inout OnboardingFacts) -> Void = { _ in }) -> OnboardingFacts {
        var facts = OnboardingFacts()
        change(&facts)
        return facts
    }

    var stepOneDone: OnboardingFacts {
        facts {
            $0.answers.profile = .init(displayName: "Ada", niche: "tech")
            $0.brandSkippedAt = Date()
            $0.avatar = ready
            $0.preferencesSkippedAt = Date()
            $0.step1ConfirmedAt = Date()
            $0.isFirstVisit = false
        }
    }

    @Test func stepsUnlockInOrderAndUnavailableOnesDoNotHoldBack() {
        #expect(
            OnboardingRules.steps(facts()).map(\.state) == [.current, .locked, .locked, .unavailable, .unavailable])
        var f = stepOneDone
        #expect(OnboardingRules.steps(f).map(\.state) == [.done, .current, .locked, .unavailable, .unavailable])
        f.step2SkippedAt = Date()
        #expect(OnboardingRules.steps(f).map(\.state) == [.done, .skipped, .current, .unavailable, .unavailable])
        f.step3ConfirmedAt = Date()
        let steps = OnboardingRules.steps(f)
        #expect(OnboardingRules.percent(steps) == 60, "skipped-and-optional counts")
        #expect(OnboardingRules.isFinished(steps))
        // With the socials capability, step 4 opens after step 3 and the journey is not over.
        f.capabilities = ["socials"]
        #expect(OnboardingRules.steps(f).map(\.state)[3] == .current)
        #expect(!OnboardingRules.isFinished(OnboardingRules.steps(f)))
    }

    @Test func aRequiredStepSkippedWouldNotCount() {
        let steps = [
            OnboardingState.Step(
                number: 1, key: "a", title: "", description: "", why: "", optional: false, state: .skipped,
                lockedMessage: nil),
            OnboardingState.Step(
                number: 2, key: "b", title: "", description: "", why: "", optional: true, state: .skipped,
                lockedMessage: nil),
        ]
        #expect(OnboardingRules.percent(steps) == 50)
    }

    @Test func stepOneNeedsEverySubstepDoneOrSkipped() {
        #expect(OnboardingRules.missingForConfirmation(facts()) == [.profile, .brand, .avatar, .preferences])
        var f = stepOneDone
        f.step1ConfirmedAt = nil
        #expect(OnboardingRules.missingForConfirmation(f).isEmpty)
        f.avatar = .init(personaID: UUID(), status: "generating", portraitsReady: 0)
        #expect(OnboardingRules.missingForConfirmation(f) == [.avatar], "a persona being made is not yet an avatar")
        #expect(OnboardingRules.missing(before: .brand, f).isEmpty)
        #expect(OnboardingRules.missing(before: .preferences, f) == [.avatar])
    }

    @Test func theGuideSpeaksAtEachMomentAndNeverReusesAnIdForOtherWords() {
        var seen: [String: String] = [:]
        func say(_ f: OnboardingFacts) -> OnboardingState.Guide {
            let guide = OnboardingRules.state(f).guide
            if let earlier = seen[guide.id] { #expect(earlier == guide.text, "\(guide.id) changed its words") }
            seen[guide.id] = guide.text
            #expect(!guide.text.isEmpty && guide.text.count < 260, "one or two sentences: \(guide.text)")
            return guide
        }
        #expect(say(facts()).text.hasPrefix("Hi, I'm InflioAI"))
        #expect(say(facts { $0.isFirstVisit = false }).id == "profile:ask")
        let named = facts {
            $0.isFirstVisit = false
            $0.substep = .brand
            $0.answers.profile = .init(displayName: "Ada Lovelace", niche: "tech")
        }
        #expect(say(named).text.hasPrefix("Nice to meet you, Ada!"))
        // Back at a brand already saved, the guide does not offer to skip it (the page does not).
        var saved = named
        saved.brand = ("Ada Makes", (hex: "#1A73E8", name: nil))
        #expect(say(saved).id == "brand:saved" && !say(saved).text.contains("Skip"))
        var avatar = named
        avatar.substep = .avatar
        avatar.brandSkippedAt = Date()
        #expect(say(avatar).text.hasPrefix("No problem, you can add your brand in step 2."))
        avatar.consentAt = Date()
        #expect(say(avatar).id == "avatar:photos")
        avatar.moment = GuideMoment(kind: .photosRejected, codes: ["blurry", "too_dark"])
        #expect(say(avatar).text.contains("blurry and too dark"))
        avatar.avatar = .init(personaID: UUID(), status: "generating", portraitsReady: 0)
        #expect(say(avatar).id == "avatar:making")
        avatar.avatar = ready
        #expect(say(avatar).mood == "celebrate")
        #expect(say(avatar).id == "avatar:ready" && say(avatar).text.contains("studio you never visited"))
        // Offline previews are the person's own photos: the guide does not claim a studio shoot.
        avatar.avatar?.offlinePreviews = true
        #expect(say(avatar).id == "avatar:ready-preview" && !say(avatar).text.contains("never visited"))
        var done = stepOneDone
        #expect(say(done).id == "step2:no-brand")
        done.brand = ("Ada Makes", (hex: "#1A73E8", name: nil))
        // In words first, the code after it; the brand's own name for it when it has one.
        #expect(say(done).text.contains("I've got blue (#1A73E8) down as your primary colour."), "\(say(done).text)")
        var brandNamed = done
        brandNamed.brand = ("Ada Makes", (hex: "#1A73E8", name: "Ada Blue"))
        let namedGuide = OnboardingRules.state(brandNamed).guide.text
        #expect(namedGuide.contains("I've got Ada Blue (#1A73E8) down"), "\(namedGuide)")
        done.step2ConfirmedAt = Date()
        #expect(say(done).id == "step3:review")
        done.step3ConfirmedAt = Date()
        #expect(say(done).id == "finished")
        #expect(say(done).text.contains("Your profile, brand and AI avatar are ready"))
        // A brand skipped (in the wizard and again in step 2) is not called ready.
        done.brand = nil
        done.step2SkippedAt = Date()
        #expect(say(done).id == "finished:no-brand")
        #expect(say(done).text.contains("Your profile and AI avatar are ready"), "\(say(done).text)")
    }

    /// A step's page speaks of the step while it is open; once it is done (or skipped) the page-wide
    /// guide is about a later step ("…then confirm" a brand, on the wizard's summary or on step 2's
    /// page once confirmed), and the step's own words say what is left there instead.
    @Test func eachStepsPageHasItsOwnGuide() {
        func page(_ facts: OnboardingFacts, _ number: Int) -> OnboardingState.Guide? {
            OnboardingRules.state(facts).steps[number - 1].guide
        }
        let open = facts { $0.isFirstVisit = false }
        #expect(page(open, 1) == OnboardingRules.state(open).guide)
        var done = stepOneDone
        done.brand = ("Ada Makes", (hex: "#1A73E8", name: nil))
        #expect(OnboardingRules.state(done).guide.id == "step2:review")
        #expect(page(done, 1)?.id == "step1:done:brand")
        #expect(page(done, 1)?.text == "Nothing left to confirm here. Next in your setup: Review your brand.")
        #expect(page(done, 2)?.id == "step2:review")
        // Step 2 confirmed: the page-wide guide is step 3's "…then confirm"; step 2's page is not.
        done.step2ConfirmedAt = Date()
        #expect(OnboardingRules.state(done).guide.id == "step3:review")
        #expect(page(done, 2)?.text == "Nothing left to confirm here. Next in your setup: Review your AI avatar.")
        #expect(page(done, 1)?.text.hasSuffix("Next in your setup: Review your AI avatar.") == true)
        var skipped = stepOneDone
        skipped.step2SkippedAt = Date()
        #expect(page(skipped, 2)?.id == "step2:skipped:avatar")
        #expect(page(skipped, 2)?.text.hasPrefix("You skipped this step") == true)
        done.step3ConfirmedAt = Date()
        #expect(page(done, 3)?.id == "step3:done:none")
        #expect(
            page(done, 1)?.text
                == "Nothing left to confirm here. Your setup is complete. Your personas are in the header.")
        // Every step has its words, so a client never falls back to the page-wide guide by mistake.
        #expect(OnboardingRules.state(done).steps.allSatisfy { $0.guide != nil })
    }

    @Test func rejectionReasonsInPlainWords() {
        #expect(OnboardingGuide.reasons([]) == "they didn't pass the checks")
        #expect(OnboardingGuide.reasons(["no_face"]) == "no face I could find")
        #expect(
            OnboardingGuide.reasons(["blurry", "too_dark", "duplicate", "face_cut_off"])
                == "blurry, too dark and the same shot twice")
        let details = JSONValue.object([
            "rejectedPhotos": .array([
                .object(["reasons": .array([.object(["code": .string("too_dark")])])]),
                .object([
                    "reasons": .array([.object(["code": .string("blurry")]), .object(["code": .string("too_dark")])])
                ]),
            ])
        ])
        #expect(OnboardingService.reasonCodes(details) == ["too_dark", "blurry"], "most frequent first")
    }
}
