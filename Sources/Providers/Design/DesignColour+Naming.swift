import Foundation
import Imaging

extension DesignColour {
    /// The colour in CIELAB, to tell what a person would call it.
    var lab: CIELab { CIELab(srgbRed: red, green: green, blue: blue) }

    /// Colours a person calls by each name, as designers and CSS use them: a name has several (a
    /// brand's #1B2A4A is navy as much as the name table's #1A237E is). Brown and slate have no
    /// backdrop of their own (`DesignInstruction.colourNames`): they are here so a brown brand
    /// colour is not taken for "red", nor Tailwind's slate #1E293B for "navy".
    static let namedExamples: [(name: String, hexes: [String])] = [
        ("red", ["#C62828", "#D32F2F", "#E53935", "#B71C1C"]),
        ("orange", ["#EF6C00", "#F57C00", "#FF8C00", "#FFA500"]),
        ("yellow", ["#FDD835", "#FFEB3B", "#FFD600", "#F9A825"]),
        ("green", ["#2E7D32", "#43A047", "#4CAF50", "#1B5E20"]),
        ("teal", ["#00796B", "#009688", "#008080"]),
        ("blue", ["#1565C0", "#1E88E5", "#2196F3", "#0000FF"]),
        ("navy", ["#1A237E", "#000080", "#1F2A44", "#002147"]),
        ("purple", ["#6A1B9A", "#8E24AA", "#7B1FA2", "#800080"]),
        ("pink", ["#D81B60", "#EC407A", "#F06292", "#FF69B4"]),
        ("black", ["#111111", "#000000"]),
        ("white", ["#F5F5F5", "#FFFFFF", "#FAFAFA"]),
        ("grey", ["#616161", "#9E9E9E", "#757575", "#424242"]),
        ("brown", ["#795548", "#8B4513", "#5D4037", "#A0522D"]),
        ("slate", ["#334155", "#1E293B", "#0F172A", "#475569"]),
    ]

    /// How far (CIEDE2000) a colour may be from every example and still be called by a name.
    static let furthestNamed = 20.0

    /// The colour name a person would call this colour by: the name of the nearest example
    /// (`namedExamples`), within `furthestNamed`; nil for none.
    var colourName: String? {
        let mine = lab
        var best: (name: String, gap: Double)?
        for (name, example) in Self.exampleLabs {
            let gap = mine.difference(to: example)
            if gap < best?.gap ?? Self.furthestNamed { best = (name, gap) }
        }
        return best?.name
    }

    /// `namedExamples` in CIELAB, converted once.
    private static let exampleLabs: [(name: String, lab: CIELab)] = namedExamples.flatMap { name, hexes in
        hexes.compactMap { DesignColour(hex: $0).map { (name, $0.lab) } }
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
            $0.lab.difference(to: named.lab) < $1.lab.difference(to: named.lab)
        }
    }
}
