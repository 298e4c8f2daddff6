import Foundation

extension LayoutRenderer {
    /// The largest size the title may be set at, and, when it was asked bigger or smaller, the
    /// size it fits its box at (nil otherwise). A size change ("bigger title",
    /// `DesignSpec.titleScale`) scales that fitted size: scaling only the largest size allowed did
    /// nothing to a title its box already held smaller ("Hello" on a square post came out the same
    /// through two "bigger"s, each reported done), and the same to "smaller" on a title set below
    /// that largest size. Asked bigger, the box may still hold it back (the caller says so).
    static func titleSize(spec: DesignSpec, geometry: DesignGeometry, family: String) throws -> (
        maxSize: Double, fitted: Int?
    ) {
        let scale = max(0.4, min(1.6, spec.titleScale))
        let text = spec.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let box = geometry.titleBox
        guard abs(scale - 1) > 0.001, !text.isEmpty, box.width > 20, box.height > 20 else {
            return (geometry.maxTitleSize, nil)
        }
        let fitted = try TitleCompositor.fit(
            text, family: family, weight: spec.fontWeight, box: box, maxSize: geometry.maxTitleSize,
            alignment: geometry.titleAlignment
        ).1
        return ((Double(fitted) * scale).rounded(), fitted)
    }
}

extension LayoutRenderer {
    /// The layout's geometry with the title's box cleared of the person (`DesignGeometry.clearing`)
    /// on the rows the title takes, a fiftieth of the width between them. Cleared on all of the
    /// box's rows, a title above a person's shoulders shrank for shoulders far below it; so the
    /// title is fitted first, the box narrowed where the person reaches into its rows, and fitted
    /// again (its rows move with its size; twice at most).
    static func titleClearing(spec: DesignSpec, geometry: DesignGeometry, person: [ClosedRange<Int>?]) throws
        -> DesignGeometry
    {
        let text = spec.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, geometry.titleAlignment != .centre else { return geometry }
        let family = InstalledFonts.usable(spec.font, fallback: spec.fontFallback)
        let margin = spec.format.size.width / 50
        var current = geometry
        for _ in 0..<2 {
            let box = current.titleBox
            guard box.width > 20, box.height > 20 else { break }
            let (maxSize, _) = try titleSize(spec: spec, geometry: current, family: family)
            let ink = try TitleCompositor.fit(
                text, family: family, weight: spec.fontWeight, box: box, maxSize: maxSize,
                alignment: current.titleAlignment
            ).0
            let top = box.y + (box.height - ink.height) / 2
            let next = geometry.clearing(person, rows: top..<(top + ink.height), margin: margin)
            if next.titleBox == box { break }
            current = next
        }
        return current
    }
}

extension DesignSpec {
    /// The spec a refinement starts from, settled to what its version came out as: the title's
    /// size as reached (`DesignReport.titleScale`), not as asked, so a "smaller" after a "bigger"
    /// the box held back is smaller, and the note about it is not carried to every later version.
    public func settled(to report: DesignReport) -> DesignSpec {
        var spec = self
        if let reached = report.titleScale { spec.titleScale = reached }
        return spec
    }
}
