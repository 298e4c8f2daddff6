import Testing

@testable import Providers

/// The title beside the person keeps clear of them: an ear reaching into the title's box (a head
/// the framing enlarged, or turned with its back towards the title) had an "i" drawn on it.
struct TitleClearingTests {
    static func spec(_ side: DesignSpec.Side) -> DesignSpec {
        var spec = LayoutRendererTests.spec(.instagramPost, layout: .split)
        spec.personSide = side
        return spec
    }

    @Test func theBoxEndsBeforeThePersonBesideIt() {
        // The person on the left (title right-aligned on the right): their ear reaches x 560
        // on rows 300–600 of the 1080 square.
        let geometry = DesignGeometry(spec: Self.spec(.left))
        let before = geometry.titleBox
        var person = [ClosedRange<Int>?](repeating: nil, count: 1080)
        for y in 300..<600 { person[y] = 200...560 }
        let cleared = geometry.clearing(person, margin: 20)
        #expect(cleared.titleBox.x == 580 && cleared.titleBox.right == before.right, "\(cleared.titleBox)")
        #expect(before.contains(cleared.titleBox))
        // The person on the right (title on the left): the box ends 20 px before them.
        let other = DesignGeometry(spec: Self.spec(.right))
        var right = [ClosedRange<Int>?](repeating: nil, count: 1080)
        for y in 300..<600 { right[y] = 500...900 }
        let clearedRight = other.clearing(right, margin: 20)
        #expect(clearedRight.titleBox.right == 480 && clearedRight.titleBox.x == other.titleBox.x)
    }

    @Test func aPersonWhollyBesideItOrOutsideItsRowsLeavesTheBoxAsItIs() {
        let geometry = DesignGeometry(spec: Self.spec(.left))
        var person = [ClosedRange<Int>?](repeating: nil, count: 1080)
        for y in 300..<600 { person[y] = 100...300 }
        #expect(geometry.clearing(person, margin: 20).titleBox == geometry.titleBox)
        // Below the box's rows (the shoulders under a title at the top) nothing is cleared.
        var low = [ClosedRange<Int>?](repeating: nil, count: 1080)
        for y in 900..<1080 { low[y] = 100...1000 }
        #expect(geometry.clearing(low, margin: 20).titleBox == geometry.titleBox)
    }

    @Test func theBoxKeepsRoomForATitleItCanRead() {
        let geometry = DesignGeometry(spec: Self.spec(.left))
        var person = [ClosedRange<Int>?](repeating: nil, count: 1080)
        for y in 300..<600 { person[y] = 100...1000 }
        let cleared = geometry.clearing(person, margin: 20)
        #expect(cleared.titleBox.width == Int(Double(geometry.titleBox.width) * 0.55))
        #expect(cleared.titleBox.right == geometry.titleBox.right)
    }
}
