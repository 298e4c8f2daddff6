import Foundation
import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// A face asked of a design ("smile") chooses the reference photo that shows it most: the offline
/// studio never repaints a face. A tester's "smile" on a thumbnail of obama-2 speaking got the same
/// shot mirrored, his grin (obama-1) being among the persona's photos.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct DesignExpressionTests {
    typealias F = StudioFixtures

    /// The photo a render of `spec` cut the person out of, by file name, and its notes.
    static func shown(_ spec: DesignSpec, only: Set<String>? = nil) throws -> (String, [String]) {
        let persona = try F.persona(F.obama)
        let references = ScenarioReferences.choose(
            for: PortraitScenario.all[spec.scenario], from: persona.references, count: persona.references.count
        ).filter { only?.contains(($0.location as NSString).lastPathComponent) ?? true }
        let photos = try references.map { try ImageDecoder.readFile(atPath: $0.location) }
        let render = try LayoutRenderer.render(spec: spec, references: references, photos: photos, logo: nil)
        return ((references[render.report.referenceIndex].location as NSString).lastPathComponent, render.report.notes)
    }

    @Test func aFaceAskedChoosesThePhotoThatShowsIt() throws {
        var spec = LayoutRendererTests.spec(.youtubeThumbnail)
        spec.showLogo = false
        let (before, _) = try Self.shown(spec)
        #expect(before == "obama-2.jpg", "the dynamic scenario's lead: \(before)")
        for (words, photo) in [
            ("smile", "obama-1.jpg"), ("look serious", "obama-3.jpg"), ("more excited", "obama-2.jpg"),
        ] {
            var asked = spec
            let result = DesignInstruction.apply(words, to: &asked, palette: [])
            #expect(result.understood && asked.referenceRank == 0, "\(words): \(result)")
            let (shown, notes) = try Self.shown(asked)
            #expect(shown == photo, "\(words) showed \(shown)")
            #expect(!notes.contains { $0.hasPrefix("None of your photos") }, "\(words): \(notes)")
        }
    }

    /// "another photo" after "smile" is the next most smiling; a smile no photo shows is said.
    @Test func theNextPhotoAndAFaceNoPhotoShows() throws {
        var spec = LayoutRendererTests.spec(.youtubeThumbnail)
        spec.showLogo = false
        _ = DesignInstruction.apply("smile", to: &spec, palette: [])
        _ = DesignInstruction.apply("another photo", to: &spec, palette: [])
        let (next, _) = try Self.shown(spec)
        #expect(next != "obama-1.jpg", "the next photo is another: \(next)")
        var closed = LayoutRendererTests.spec(.youtubeThumbnail)
        closed.showLogo = false
        _ = DesignInstruction.apply("smiling", to: &closed, palette: [])
        let (shown, _) = try Self.shown(closed, only: ["obama-3.jpg", "obama-2.jpg"])
        #expect(shown == "obama-3.jpg", "the speaking mouth is no smile: \(shown)")
        // What the version says: from the photos it has, not from the one it shows.
        let persona = try F.persona(F.obama)
        let without = persona.references.filter { !$0.location.hasSuffix("obama-1.jpg") }
        #expect(DesignExpression.smiling.unseen(in: without)?.hasPrefix("None of your photos shows a smile") == true)
        #expect(DesignExpression.smiling.unseen(in: persona.references) == nil)
        let unmeasured = persona.references.map {
            ReferencePhoto(location: $0.location, face: $0.face, landmarks: $0.landmarks, pose: $0.pose)
        }
        #expect(DesignExpression.smiling.unseen(in: unmeasured)?.contains("before faces were measured") == true)
    }

    /// Mirror images come after every other photo: a photo and its mirror image measure alike,
    /// and "another photo" after "smile" would give the same grin flipped.
    @Test func mirrorImagesComeLast() throws {
        let persona = try F.persona(F.obama)
        let grin = try #require(persona.references.first { $0.location.hasSuffix("obama-1.jpg") })
        let mirror = ReferencePhoto(
            location: "mirror-of-obama-1", face: grin.face, landmarks: grin.landmarks, pose: grin.pose,
            expression: grin.expression, isMirrorImage: true)
        let references = [mirror] + persona.references
        let order = DesignExpression.smiling.ordered(Array(references.indices), references)
        #expect(references[order[0]].location.hasSuffix("obama-1.jpg") && order.last == 0, "\(order)")
    }

    /// "don't smile" is a serious face; "another smiling photo" after "smile" is the next one.
    @Test func negatedAndAnotherFace() {
        var spec = LayoutRendererTests.spec(.youtubeThumbnail)
        _ = DesignInstruction.apply("don't smile", to: &spec, palette: [])
        #expect(spec.expression == .serious)
        _ = DesignInstruction.apply("smile", to: &spec, palette: [])
        let next = DesignInstruction.apply("another smiling photo", to: &spec, palette: [])
        #expect(spec.expression == .smiling && spec.referenceRank == 1, "\(next)")
        #expect(next.changes == ["your next most smiling photo"], "\(next)")
        #expect(next.notes.contains { $0.contains("it chose your next most smiling photo") }, "\(next.notes)")
    }

    /// The words, in a first prompt as in a refinement.
    @Test func theWordsForEachFace() {
        #expect(DesignExpression.asked(in: ["me", "smiling"]) == .smiling)
        #expect(DesignExpression.asked(in: ["looking", "excited", "about", "crypto"]) == .animated)
        #expect(DesignExpression.asked(in: ["a", "serious", "look"]) == .serious)
        #expect(DesignExpression.asked(in: ["bitcoin"]) == nil)
        let first = DesignSpec.initial(
            format: .youtubeThumbnail, prompt: "me smiling, title 'Hello'", title: nil, brand: .standard, seed: 1)
        #expect(first.expression == .smiling)
        let notes = DesignPrompt.leftOut(of: "me smiling, title 'Hello'", format: .youtubeThumbnail)
        #expect(notes.contains { $0.contains("for “smiling” it chose your most smiling photo") }, "\(notes)")
        #expect(!notes.contains { $0.contains("Words not acted on") }, "\(notes)")
    }
}
