import Testing

@testable import Providers

/// "No text" takes the title away: the person is then the picture. A tester's thumbnail kept him
/// low on the left with the right half bare.
struct UntitledLayoutTests {
    typealias L = LayoutRendererTests

    @Test(arguments: [DesignFormat.youtubeThumbnail, .instagramPost, .linkedin])
    func aSplitLayoutWithoutATitleCentresThePerson(format: DesignFormat) {
        #expect(DesignGeometry(spec: L.spec(format, layout: .split)).eyeX != 0.5)
        #expect(DesignGeometry(spec: L.spec(format, title: "", layout: .split)).eyeX == 0.5)
        #expect(DesignGeometry(spec: L.spec(format, title: "  ", layout: .split)).eyeX == 0.5)
    }

    @Test func aStackWithoutATitleRaisesThePerson() {
        let titled = DesignGeometry(spec: L.spec(.story, layout: .stack))
        let untitled = DesignGeometry(spec: L.spec(.story, title: "", layout: .stack))
        #expect(untitled.eyeY < titled.eyeY - 0.1 && untitled.eyeX == 0.5)
    }
}
