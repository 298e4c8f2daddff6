import Foundation
import Imaging

/// Where the two passes disagree, the answer known to be right there: the whole pass's for the
/// body below the chin, the lower of the two beside the head and the neck (the head crop alone
/// believes in a person behind the subject).
extension SubjectMatte {
    /// Below the chin (from `from` eye distances below the eyes, fully from `to` down to the
    /// canvas's foot, across its width), the whole pass's body outline is kept where the head crop
    /// doubts it and the whole pass is sure (`sure`, 0–255): the crop sees a shoulder cut by its
    /// side, a dark suit beside another, and gave a design's obama-2 about 0.6 there, so the
    /// unsure-area rule cut his near shoulder off in a straight line. Only where sure: the whole
    /// pass half-believes in the woman behind him as well (`SecondPersonTests`), and taken as it
    /// was from 1.6, she came back in 2 of its 24 framings.
    static let bodyFromWhole = (from: 1.9, to: 2.6, sure: UInt8(230))
    /// Beside the head, farther out than `from`–`to` eye distances from the eyes' midpoint and
    /// above `below` (eye distances under the eyes, fading out by `until`), the lower of the two
    /// answers is taken: a person behind the subject at the height of the face is what the crop
    /// alone believes in there (the woman beside obama-2's ear in a thumbnail: 0.75 in the crop,
    /// 0.09 in the whole pass, kept at 0.47 and drawn as a blurred ghost of her face), while the
    /// subject's own hair that far out is a mass the whole pass sees as well. Down to the top of
    /// the shoulders: her hair beside his neck stayed as a faint smear while the band ended at the
    /// chin (1.6), and the shoulders there are a body the whole pass is sure of. A turned head
    /// reaches farther on the side it turns from (the back of the head), by `turn` times the nose's
    /// shift from the eyes' midpoint, at most `turnCap` eye distances.
    static let besideHead = (from: 1.35, to: 1.75, below: 2.3, until: 2.7, turn: 2.0, turnCap: 0.8)
    /// Beside the neck (from `from` eye distances below the eyes, the ear lobes, fully from `to`,
    /// down to where `besideHead` ends), the lower of the two answers is taken where the whole
    /// pass doubts (under `doubt`) farther than `gap`–2×`gap` eye distances across from the row's
    /// nearest pixel it is sure of (`sure`). The neck is narrower than the head, and `besideHead`'s
    /// band, placed for the ears and the back of a turned head, starts past what lies beside it:
    /// in a design's thumbnail the crop gave the wall and the woman's hair between obama-2's neck
    /// and her face 0.6–0.9, the whole pass 0.2–0.4, and they were kept at a mean of 0.45, a
    /// pink-grey smear behind his neck. Hair hanging beside a neck is a mass the whole pass is
    /// sure of as well (`reconcilingKeepsTheSubjectsOwnHair` finds nothing more lowered).
    static let besideNeck = (from: 0.9, to: 1.3, gap: 0.15, sure: UInt8(230), doubt: UInt8(128))

    /// How far column `x` lies beside the head, in eye distances from the eyes' midpoint, less
    /// the back of a turned head's extra reach on that side.
    static func besideDistance(_ x: Double, framing: StudioFraming) -> Double {
        let out = (x - framing.eyeMid.x) / framing.unit
        // The nose shifts towards the side the face turns to; the back of the head is opposite.
        let back = out * framing.noseShift < 0
        return max(0, abs(out) - (back ? min(besideHead.turnCap, besideHead.turn * abs(framing.noseShift)) : 0))
    }

    /// `blended` (the crop's answer over the whole's), raised towards `whole` where the body is
    /// (`bodyFromWhole`) and lowered to it beside the head (`besideHead`) and the neck
    /// (`besideNeck`).
    static func reconciled(_ blended: EditableImage, whole: EditableImage, framing: StudioFraming) throws
        -> EditableImage
    {
        var p = try blended.greyBytes()
        let w = try whole.greyBytes()
        let (width, height) = (framing.canvasWidth, framing.canvasHeight)
        let across = (0..<width).map { x in
            smoothstep(besideHead.from, besideHead.to, besideDistance(Double(x), framing: framing))
        }
        let gap = (besideNeck.gap * framing.unit, 2 * besideNeck.gap * framing.unit)
        var sureLeft = [Int](repeating: 0, count: width)
        var sureRight = [Int](repeating: 0, count: width)
        for y in 0..<height {
            let down = (Double(y) - framing.eyeMid.y) / framing.unit
            let body = smoothstep(bodyFromWhole.from, bodyFromWhole.to, down)
            if body > 0 {
                for i in (y * width)..<((y + 1) * width) where w[i] >= bodyFromWhole.sure && w[i] > p[i] {
                    p[i] = UInt8((Double(p[i]) + body * Double(w[i] - p[i])).rounded())
                }
            }
            let beside = 1 - smoothstep(besideHead.below, besideHead.until, down)
            guard beside > 0 else { continue }
            for x in 0..<width where across[x] > 0 {
                let i = y * width + x
                guard w[i] < p[i] else { continue }
                p[i] = UInt8((Double(p[i]) - beside * across[x] * Double(p[i] - w[i])).rounded())
            }
            let neck = beside * smoothstep(besideNeck.from, besideNeck.to, down)
            guard neck > 0 else { continue }
            // The nearest column of the row the whole pass is sure of, on each side.
            var last = -width
            for x in 0..<width {
                if w[y * width + x] >= besideNeck.sure { last = x }
                sureLeft[x] = last
            }
            // A row the whole pass is sure of nowhere (a dark suit on a dark wall) is left alone:
            // measured from nothing, every doubted pixel in it would go, the neck's own among them.
            guard sureLeft[width - 1] >= 0 else { continue }
            last = 2 * width
            for x in (0..<width).reversed() {
                if w[y * width + x] >= besideNeck.sure { last = x }
                sureRight[x] = last
            }
            for x in 0..<width {
                let i = y * width + x
                guard w[i] < besideNeck.doubt, w[i] < p[i] else { continue }
                let distance = Double(min(x - sureLeft[x], sureRight[x] - x))
                let share = neck * smoothstep(gap.0, gap.1, distance)
                guard share > 0 else { continue }
                p[i] = UInt8((Double(p[i]) - share * Double(p[i] - w[i])).rounded())
            }
        }
        return EditableImage(greyWidth: width, height: height, pixels: p)
    }
}
