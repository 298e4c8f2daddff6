import Foundation
import Imaging

extension DesignColour {
    /// The colour in CIELAB, to tell what a person would call it.
    var lab: CIELab { CIELab(srgbRed: red, green: green, blue: blue) }

    /// How far this colour is from being called by the name of `named` (one of
    /// `DesignInstruction.colourNames`), 0 for the name's own colour; nil when a person would not
    /// call it that at all. A colourful name asks for the same hue, 30° either way, and about the
    /// same lightness (a brand's #1B2A4A is navy, though nearer black than the name's own
    /// #1A237E); a colourless one (black, white, grey) for little colour and its lightness.
    func nameGap(to named: DesignColour) -> Double? {
        let (mine, theirs) = (lab, named.lab)
        let (chroma, namedChroma) = (hypot(mine.a, mine.b), hypot(theirs.a, theirs.b))
        let lightness = abs(mine.l - theirs.l)
        guard namedChroma >= 20 else { return chroma < 10 && lightness <= 20 ? lightness / 20 : nil }
        let turn = abs(atan2(mine.b, mine.a) - atan2(theirs.b, theirs.a)) * 180 / .pi
        let hue = min(turn, 360 - turn)
        guard chroma >= 12, lightness <= 25, hue <= 30 else { return nil }
        return hue / 30 + lightness / 25
    }

    /// The colour name a person would call this colour by, of `DesignInstruction.colourNames`:
    /// the one it is nearest being (an orange is not also red and yellow); nil for none.
    var colourName: String? {
        var best: (name: String, gap: Double)?
        for (name, colour) in DesignInstruction.colourNames where name != "gray" {
            guard let gap = nameGap(to: colour) else { continue }
            if best.map({ gap < $0.gap || (gap == $0.gap && name < $0.name) }) ?? true { best = (name, gap) }
        }
        return best?.name
    }
}

extension DesignInstruction {
    /// The brand's own shade of a named colour, when its palette has one a person would call by
    /// that name ("a navy background" for a navy brand is the brand's navy, not the name table's
    /// brighter one, against which the brand's navy accent vanished); the nearest if several.
    static func brandShade(of name: String, in palette: [DesignColour]) -> DesignColour? {
        let canonical = name == "gray" ? "grey" : name
        guard let named = colourNames[canonical] else { return nil }
        return palette.filter { $0.colourName == canonical }.min {
            $0.nameGap(to: named) ?? .infinity < $1.nameGap(to: named) ?? .infinity
        }
    }
}
