import FAL
import FakeFAL
import Foundation
import PersonaKit
import TestSupport
import Testing

@testable import App

/// Portrait likeness grades (issue 19) through the real FAL protocol: the fake renders from
/// someone else's photo (off), or stretches the face (weak); each is retried once and then left for
/// the user to review, both attempts charged.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct LikenessTests {
    @Test func gradesFollowTheCentroidBars() {
        #expect(LikenessGrade(distance: 0.2) == .strong)
        #expect(LikenessGrade(distance: 0.35) == .acceptable)
        #expect(LikenessGrade(distance: 0.449) == .acceptable)
        #expect(LikenessGrade(distance: 0.45) == .weak)
        #expect(LikenessGrade(distance: 0.55) == .off)
        #expect(LikenessGrade.allCases.filter(\.isVerified) == [.strong, .acceptable])
        #expect(PortraitVerification(faceFound: true, distance: 0.5).reason == "weak_likeness")
        #expect(PortraitVerification(faceFound: true, distance: 0.7).reason == "identity_mismatch")
        #expect(PortraitVerification(faceFound: false, distance: nil).reason == "no_face")
        #expect(PortraitVerification(faceFound: true, distance: 0.3).reason == nil)
    }

    /// SFace, when asked, confirms or moves a grade to weak: a strong or acceptable face SFace
    /// calls someone else, and an off face SFace calls the person, are the uncertain band.
    @Test func aDisagreeingSecondOpinionMakesAPortraitWeak() {
        let bar = AnalysisThresholds.standard.secondOpinionCentroidBar
        #expect(LikenessGrade(distance: 0.2, secondOpinionDistance: bar - 0.01) == .strong)
        #expect(LikenessGrade(distance: 0.2, secondOpinionDistance: bar) == .weak)
        #expect(LikenessGrade(distance: 0.4, secondOpinionDistance: 0.9) == .weak)
        #expect(LikenessGrade(distance: 0.5, secondOpinionDistance: 0.1) == .weak)
        #expect(LikenessGrade(distance: 0.5, secondOpinionDistance: 0.9) == .weak)
        #expect(LikenessGrade(distance: 0.7, secondOpinionDistance: 0.1) == .weak)
        #expect(LikenessGrade(distance: 0.7, secondOpinionDistance: 0.9) == .off)
        let disputed = PortraitVerification(faceFound: true, distance: 0.2, secondOpinionDistance: 0.8)
        #expect(!disputed.verified && disputed.reason == "weak_likeness")
        #expect(
            PortraitVerification(faceFound: false, distance: nil, secondOpinionDistance: 0.1).secondOpinionDistance
                == nil)
    }

    /// Every portrait rendered from Biden's photo: off, retried once, then needs review; ten charges.
    @Test func anOffIdentityPortraitIsRetriedThenLeftForReview() async throws {
        let fake = try await FALProviderTests.fake(faults: "other_person;photo=\(FacePhotos.path("biden-1.jpg"))")
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await service.signUp()
            let persona = try await FALProviderTests.persona(service, token)
            for portrait in persona.portraits {
                #expect(portrait.state == "needs_review" && portrait.attempts == 2, "\(portrait.state)")
                #expect(portrait.reason == "identity_mismatch" && portrait.likeness.value == "off")
                #expect((portrait.identityDistance.value ?? 0) >= 0.55)
            }
            let lines = try await FALProviderTests.ledger(service, token)
            #expect(lines.count == 10 && lines.allSatisfy { $0.outcome == "succeeded" }, "\(lines.map(\.outcome))")
        }
    }

    /// The person's face stretched (the fake aims it mid-band of a weak likeness, measured from the
    /// request's references; the service measures from all the photos, a few hundredths off): a
    /// weak portrait is retried once, and a weak retry is left for review with its reason. Every
    /// attempt is charged.
    @Test func aWeakPortraitIsRetriedOnceThenLeftForReview() async throws {
        let fake = try await FALProviderTests.fake(faults: "warp")
        try await FALProviderTests.withService(on: fake) { service in
            let token = try await service.signUp()
            let persona = try await FALProviderTests.persona(service, token)
            var weakFirst = 0
            var offFirst = 0
            var attempts = 0
            for portrait in persona.portraits {
                let grades = portrait.history.map { $0.likeness ?? "none" }
                attempts += portrait.attempts
                #expect(grades.count == portrait.attempts, "\(grades)")
                guard let first = grades.first else { continue }
                if first == "weak" { weakFirst += 1 }
                if first == "off" { offFirst += 1 }
                if ["strong", "acceptable"].contains(first) {
                    #expect(portrait.attempts == 1 && portrait.state == "verified", "\(grades)")
                    continue
                }
                #expect(portrait.attempts == 2, "an unverified portrait is retried once: \(grades)")
                let last = grades.last!
                #expect(
                    portrait.state == (["strong", "acceptable"].contains(last) ? "verified" : "needs_review"),
                    "\(grades) \(portrait.state)")
                if last == "weak" { #expect(portrait.reason == "weak_likeness" && portrait.likeness.value == "weak") }
            }
            // The fake aims mid-band from the request's references; the service measures from all the
            // photos, so a first attempt may land a few hundredths into "off" (CI once saw 2 weak, 2 off).
            #expect(
                weakFirst >= 1 && weakFirst + offFirst >= 3,
                "most first attempts land in or near the weak band: \(persona.portraits.map(\.history))")
            #expect(persona.portraits.contains { $0.reason == "weak_likeness" && $0.state == "needs_review" })
            #expect(try await FALProviderTests.ledger(service, token).count == attempts)
        }
    }
}
