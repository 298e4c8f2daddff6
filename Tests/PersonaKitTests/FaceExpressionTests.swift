import Foundation
import PersonaKit
import TestSupport
import Testing

/// The mouth measure against the shared photos, labelled by eye: a smile with teeth or a mouth open
/// in speech is animated; a closed mouth, smiling or not, is not. lin-manuel-miranda-1 (lips barely
/// parted, behind a microphone) is in neither list: by eye it could be either.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FaceExpressionTests {
    static let animated = [
        "obama-1.jpg", "obama-2.jpg", "biden-2.jpg", "alex-lacamoire-1.jpg", "alex-lacamoire-2.png",
    ]
    static let closed = ["biden-1.jpg", "kit-harington-2.jpg", "rose-leslie-1.jpg", "rose-leslie-2.jpg"]

    @Test func everyAnimatedFaceMeasuresMoreOpenThanEveryClosedOne() throws {
        let analyses = TestPhotos.analyze(Self.animated + Self.closed)
        var openness: [String: Double] = [:]
        for (name, analysis) in zip(Self.animated + Self.closed, analyses) {
            let expression = try #require(analysis.expression, "\(name) has no face measured")
            openness[name] = expression.animation
        }
        let lowestAnimated = Self.animated.map { openness[$0]! }.min()!
        let highestClosed = Self.closed.map { openness[$0]! }.max()!
        #expect(lowestAnimated > 2 * highestClosed + 0.05, "\(openness)")
        // Obama speaking, mouth wide open, is more animated than Obama grinning.
        #expect(openness["obama-2.jpg"]! > openness["obama-1.jpg"]! + 0.1, "\(openness)")
    }
}
