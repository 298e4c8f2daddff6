import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// What "another photo" takes a portrait still being made to show (`PortraitRequest.likelySources`)
/// holds the photo the offline studio then composes, for every scenario and seed: said in two
/// places, they must not drift apart.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct LikelySourcesTests {
    @Test(arguments: [nil, "another photo"])
    func holdTheReferenceTheStudioComposes(instruction: String?) throws {
        let persona = try StudioFixtures.persona(StudioFixtures.obama)
        for scenario in PortraitScenario.all {
            for seed in UInt64(1)...8 {
                let request = StudioFixtures.request(scenario, persona, seed: seed, instruction: instruction)
                let sizes = request.references.map { reference in
                    reference.photoWidth.flatMap { w in reference.photoHeight.map { (width: w, height: $0) } }
                }
                let plan = try #require(StudioPlan.make(for: request, sizes: sizes))
                let composed = request.references[plan.referenceIndex].location
                #expect(
                    request.likelySources.map(\.location).contains(composed),
                    "\(scenario.id), seed \(seed), \(instruction ?? "no instruction"): \(composed)")
            }
        }
    }

    /// The casting leaves obama-3 (the chandelier behind him) to the environmental portrait, whose
    /// office then puts its window behind his head; obama-1, lit from the front, keeps it beside.
    @Test func aPhotoLitFromBehindGetsItsLightBehind() throws {
        let persona = try StudioFixtures.persona(StudioFixtures.obama)
        let environmental = try #require(PortraitScenario.all.last)
        func plan(_ scenario: PortraitScenario) throws -> (plan: StudioPlan, lead: ReferencePhoto) {
            let request = StudioFixtures.request(scenario, persona)
            let sizes = request.references.map { reference in
                reference.photoWidth.flatMap { w in reference.photoHeight.map { (width: w, height: $0) } }
            }
            let plan = try #require(StudioPlan.make(for: request, sizes: sizes))
            return (plan, request.references[plan.referenceIndex])
        }
        let office = try plan(environmental)
        #expect(office.lead.location.hasSuffix("obama-3.jpg"), "\(office.lead.location)")
        #expect(office.plan.style.litFromBehind)
        let headshot = try plan(PortraitScenario.all[0])
        #expect(!headshot.lead.location.hasSuffix("obama-3.jpg"), "\(headshot.lead.location)")
        #expect(!headshot.plan.style.litFromBehind)
    }
}
