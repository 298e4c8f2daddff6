import Testing

@testable import Providers

/// "No text" takes the title away: the person is then the picture. A tester's thumbnail kept him
/// low on the left with the right half bare. A side asked afterwards, or a new title, is obeyed.
struct UntitledLayoutTests {
    typealias L = LayoutRendererTests

    @Test(arguments: [DesignFormat.youtubeThumbnail, .instagramPost, .linkedin])
    func noTextCentresThePerson(format: DesignFormat) {
        var spec = L.spec(format, layout: .split)
        #expect(DesignGeometry(spec: spec).eyeX != 0.5)
        _ = DesignInstruction.apply("no text", to: &spec, palette: [])
        #expect(spec.title.isEmpty && DesignGeometry(spec: spec).eyeX == 0.5)
        // Then a side is a side, and a title brings the layout back.
        var left = spec
        _ = DesignInstruction.apply("me on the left", to: &left, palette: [])
        #expect(DesignGeometry(spec: left).eyeX < 0.5)
        var titled = spec
        _ = DesignInstruction.apply("title 'Ship it'", to: &titled, palette: [])
        #expect(DesignGeometry(spec: titled).eyeX != 0.5)
    }

    /// A design made without a title keeps the side it was given (a first prompt's "me on the
    /// left", a variation's side).
    @Test func aDesignMadeWithoutATitleKeepsItsSide() {
        #expect(DesignGeometry(spec: L.spec(.youtubeThumbnail, title: "", layout: .split)).eyeX > 0.5)
    }

    @Test func aStackWithoutItsTitleRaisesThePerson() {
        let titled = L.spec(.story, layout: .stack)
        var untitled = titled
        _ = DesignInstruction.apply("no title", to: &untitled, palette: [])
        #expect(DesignGeometry(spec: untitled).eyeY < DesignGeometry(spec: titled).eyeY - 0.1)
    }
}
