import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// The offline studio's vocabulary for a regeneration: what each phrase does to the portrait, and
/// the answer for what it cannot do.
struct PortraitRefinementTests {
    @Test func readsEachPartOfTheVocabulary() {
        let mixed = PortraitRefinement("Navy blazer, office background")
        #expect(mixed.backdrop == .workspace, "the colour goes with the blazer, not the background")
        #expect(mixed.notes.contains { $0.hasPrefix("Clothing and accessories need a generative image model") })
        #expect(mixed.changes == ["an office, out of focus (drawn by the offline studio)"])

        let colour = PortraitRefinement("a navy background please")
        #expect(colour.backdrop == .colour(name: "navy", DesignInstruction.colourNames["navy"]!))
        #expect(colour.changes == ["navy background"] && colour.notes.isEmpty)

        // A colour is the background whatever kind word goes with it: "plain" came first and a
        // tester's "a plain blue background" came out studio grey, said nowhere.
        let blue = DesignInstruction.colourNames["blue"]!
        for phrase in ["a plain blue background", "warmer light and a plain blue background", "solid blue backdrop"] {
            let plainBlue = PortraitRefinement(phrase)
            #expect(plainBlue.backdrop == .colour(name: "blue", blue), "\(phrase): \(plainBlue)")
            #expect(plainBlue.changes.contains("blue background") && plainBlue.notes.isEmpty, "\(phrase): \(plainBlue)")
        }
        let darkBlue = PortraitRefinement("a dark blue background")
        #expect(darkBlue.changes == ["dark blue background"] && darkBlue.notes.isEmpty, "\(darkBlue)")
        if case .colour(_, let shade) = darkBlue.backdrop {
            #expect(shade.lab.l < blue.lab.l - 10)
        } else {
            Issue.record("dark blue: \(String(describing: darkBlue.backdrop))")
        }
        for phrase in ["a light blue background", "pale blue background"] {
            let lightBlue = PortraitRefinement(phrase)
            #expect(
                lightBlue.changes == ["light blue background"] && lightBlue.notes.isEmpty, "\(phrase): \(lightBlue)")
        }
        #expect(PortraitRefinement("a blue office background").backdrop == .workspace, "a place keeps its own light")
        #expect(PortraitRefinement("a plain background, not blue").backdrop == .studio, "a colour turned down")

        let city = PortraitRefinement("an urban background")
        #expect(
            city.backdrop == .city && city.changes == ["a city at night, out of focus (drawn by the offline studio)"])

        let dark = PortraitRefinement("dark background")
        #expect(dark.backdrop == .dark && dark.dials.exposure == 0, "a dark background does not darken the face")

        let light = PortraitRefinement("light from the left, more dramatic")
        #expect(light.keySide == -1 && light.dials.drama == 1)
        #expect(light.changes == ["light from the left", "more dramatic light"] && light.notes.isEmpty)
        #expect(PortraitRefinement("lit from the right").keySide == 1)

        for phrase in ["black and white", "B&W", "monochrome please", "greyscale"] {
            #expect(PortraitRefinement(phrase).monochrome, "\(phrase)")
        }
        // A lower likeness grade is explained, not left to read as a changed face.
        #expect(PortraitRefinement("black and white").notes == [PortraitRefinement.greyLikeness])
        let other = PortraitRefinement("try a different photo")
        #expect(other.otherPhoto && other.changes == ["another of your photos"] && other.notes.isEmpty)
        #expect(PortraitRefinement("warmer, closer").changes == ["warmer", "closer framing"])
        let twoColours = PortraitRefinement("blue and white background")
        #expect(twoColours.backdrop == .colour(name: "blue", DesignInstruction.colourNames["blue"]!))
        #expect(twoColours.dials == StudioInstruction(), "blue is the background's, not 'cooler'")
    }

    @Test func aNegationAsksForNothingOrTheOpposite() {
        for phrase in ["no black and white please", "don't make it black and white"] {
            let read = PortraitRefinement(phrase)
            #expect(!read.monochrome && read.changes.isEmpty, "\(phrase)")
        }
        #expect(!PortraitRefinement("not another photo").otherPhoto)
        #expect(PortraitRefinement("not a dark background").backdrop == nil)
        let darker = PortraitRefinement("don’t make it darker")
        #expect(darker.dials.exposure == 1 && darker.notes.isEmpty, "\(darker.notes)")
    }

    @Test func whatTheStudioCannotDoIsAnsweredNeverIgnored() {
        let painting = PortraitRefinement("make it look like a painting")
        #expect(painting.changes.isEmpty)
        #expect(painting.notes == ["Not understood, so not done: painting.", PortraitRefinement.vocabulary])

        let smile = PortraitRefinement("make me smile")
        #expect(smile.changes.isEmpty)
        #expect(smile.notes.first?.hasPrefix("Your face, hair and expression are never repainted offline") == true)

        let street = PortraitRefinement("on a city street at night")
        #expect(street.backdrop == .city && street.notes.isEmpty, "\(street.notes)")
        let beach = PortraitRefinement("on a beach")
        #expect(beach.notes.first?.hasPrefix("Poses, props and places need a generative image model") == true)
        #expect(beach.changes.isEmpty)

        // A clause about clothing or the face is answered whole: its adjectives move no dial.
        for outfit in ["put me in a dark suit", "a warm smile", "a blue shirt"] {
            let read = PortraitRefinement(outfit)
            #expect(read.changes.isEmpty && read.dials == StudioInstruction(), "\(outfit): \(read.changes)")
        }
        let shirtAndWarmer = PortraitRefinement("a blue shirt, warmer")
        #expect(shirtAndWarmer.changes == ["warmer"] && shirtAndWarmer.notes.count == 1)

        // Words it cannot place are reported, never dropped.
        let lightBackground = PortraitRefinement("warmer, a light background")
        #expect(lightBackground.changes == ["warmer"] && lightBackground.backdrop == nil)
        #expect(
            lightBackground.notes.first?.hasPrefix(
                "The offline studio cannot make that background (a light background)") == true)
        #expect(PortraitRefinement("warmer, move me to the left").notes == ["Not understood, so not done: move, left."])
        #expect(PortraitRefinement("brighter, light from the top").notes == ["Not understood, so not done: top."])
        let bright = PortraitRefinement("a bright background, brighter face")
        #expect(bright.changes == ["brighter"] && bright.notes.count == 1, "\(bright.notes)")

        #expect(PortraitRefinement(nil) == PortraitRefinement() && PortraitRefinement("  ").notes.isEmpty)
    }
}

/// Each phrase changes the rendered portrait in the stated way (Obama's references, seed fixed).
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct PortraitRefinementRenderingTests {
    typealias F = StudioFixtures

    func render(_ scenario: Int, _ instruction: String?) async throws -> GeneratedImage {
        try await F.render(
            F.request(PortraitScenario.all[scenario], try F.persona(F.obama), seed: 5, instruction: instruction))
    }

    @Test func blackAndWhiteLeavesNoColour() async throws {
        let portrait = try Thumbnail(try await render(2, "black and white").bytes)
        let chroma = stride(from: 0, to: portrait.pixels.count, by: 3).map { i in
            Int(max(portrait.pixels[i], portrait.pixels[i + 1], portrait.pixels[i + 2]))
                - Int(min(portrait.pixels[i], portrait.pixels[i + 1], portrait.pixels[i + 2]))
        }
        #expect(chroma.max()! <= 3, "JPEG's chroma rounding at most")
    }

    @Test func aNamedBackgroundIsThatColour() async throws {
        let navy = try Thumbnail(try await render(0, "navy background").bytes).corners
        let plain = try Thumbnail(try await render(0, nil).bytes).corners
        #expect(plain.chroma < 15, "the headshot's own backdrop is grey")
        #expect(navy.chroma > 25, "navy: chroma \(navy.chroma)")
        let dark = try Thumbnail(try await render(1, "dark background").bytes).corners
        #expect(dark.luma < 40, "dark: \(dark.luma)")
    }

    @Test func theLightComesFromTheSideAskedFor() async throws {
        // The close-up's hard side light: the lit half of the picture is the brighter one.
        func tilt(_ instruction: String) async throws -> Double {
            let t = try Thumbnail(try await render(3, instruction).bytes)
            let n = Thumbnail.side
            let left = Thumbnail.means(of: (0..<(n * n)).filter { $0 % n < n / 2 }, in: t.pixels)
            let right = Thumbnail.means(of: (0..<(n * n)).filter { $0 % n >= n / 2 }, in: t.pixels)
            return (left[0] + left[1] + left[2]) / 3 - (right[0] + right[1] + right[2]) / 3
        }
        let fromLeft = try await tilt("light from the left")
        let fromRight = try await tilt("light from the right")
        #expect(fromLeft > fromRight + 10, "left-lit tilt \(fromLeft), right-lit \(fromRight)")
    }

    @Test func anotherPhotoIsAnotherSource() async throws {
        let cast = try await render(0, nil)
        let other = try await render(0, "another photo")
        #expect(cast.source != nil && other.source != nil && cast.source != other.source)
    }
}
