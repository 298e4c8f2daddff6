import TestSupport
import Testing

@testable import PersonaKit

/// Which of the shared photos were lit from behind, labelled by eye: obama-3 (a chandelier and a
/// bright room behind, a pale rim along the jaw) and biden-1 (a bright window and curtains behind
/// a darker face); not alex-lacamoire-1, a front-lit face before a white backdrop, nor the others.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct FaceBacklightTests {
    static func backlit(_ names: [String]) -> [String: Bool] {
        let measured = TestPhotos.analyze(names).map { $0.backlight }
        let all = measured.compactMap { $0 }
        return Dictionary(
            uniqueKeysWithValues: zip(names, measured.map { $0?.isBacklit(among: all) ?? false }))
    }

    @Test func theRoomBehindTheFaceIsMeasuredAgainstThePersonsOtherPhotos() {
        #expect(
            Self.backlit(["obama-1.jpg", "obama-2.jpg", "obama-3.jpg"]) == [
                "obama-1.jpg": false, "obama-2.jpg": false, "obama-3.jpg": true,
            ])
        #expect(Self.backlit(["biden-1.jpg", "biden-2.jpg"]) == ["biden-1.jpg": true, "biden-2.jpg": false])
        #expect(
            Self.backlit(["alex-lacamoire-1.jpg", "alex-lacamoire-2.png"]) == [
                "alex-lacamoire-1.jpg": false, "alex-lacamoire-2.png": false,
            ])
        #expect(
            Self.backlit(["kit-harington-1.jpg", "kit-harington-2.jpg"]).values.allSatisfy { !$0 })
        #expect(Self.backlit(["rose-leslie-1.jpg", "rose-leslie-2.jpg"]).values.allSatisfy { !$0 })
    }
}
