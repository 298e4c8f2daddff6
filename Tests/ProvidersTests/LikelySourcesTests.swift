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
}
