import Foundation
import Imaging
import TestSupport
import Testing

@testable import Providers

/// rose-leslie-2 stands before a convention's sign: a yellow letter touches the top of her hair,
/// and the segmentation model is sure (1.0) of it with the hair, so it comes out as a yellow blob
/// on her head in the headshot (the issue's "a white letter from a sign" kind of leftover). Not
/// solved yet, so recorded as a known issue: the test fails once the letter goes, and should then
/// lose its `withKnownIssue`. Tried: dropping islands at the edge in colours common in the sure
/// background and rare in the person (960 pixels down to about 130), but on three of five other
/// people it also cut soft hair and a shoulder, whose edge blends into the background's colours.
@Suite("A sign's letter at the hair")
struct SignLetterTests {
    /// The sign's yellow: bright, with green close to red and little blue.
    static func isSignYellow(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Bool {
        r > 170 && g > 140 && b < 110 && Int(r) - Int(g) < 60
    }

    /// Where the letter meets her hair on the headshot's 1024×1280 canvas, drawn by eye (the
    /// yellow of her hair's highlights lies lower and further right).
    static let letter = (left: 200, top: 0, right: 420, bottom: 180)

    @Test func isNotKeptWithTheHair() throws {
        let (matted, _) = try MattingQualityTests.matted("rose-leslie-2.jpg")
        var shown = 0
        for y in Self.letter.top..<Self.letter.bottom {
            for x in Self.letter.left..<Self.letter.right {
                let i = y * matted.width + x
                let (r, g, b) = (matted.subject[3 * i], matted.subject[3 * i + 1], matted.subject[3 * i + 2])
                if matted.alpha[i] > 0.5 && Self.isSignYellow(r, g, b) { shown += 1 }
            }
        }
        // 960 such pixels are shown today.
        withKnownIssue("the segmentation model is sure of the letter with the hair") {
            #expect(shown < 200, "sign-yellow pixels shown at the hair: \(shown)")
        }
    }
}
