import Foundation

extension LayoutRenderer {
    /// The largest size the title may be set at, and the size asked for when it was asked bigger
    /// (nil otherwise). A size change ("bigger title", `DesignSpec.titleScale`) scales the size
    /// the title fits its box at: scaling only the largest size allowed did nothing to a title its
    /// box already held smaller ("Hello" on a square post came out the same through two "bigger"s,
    /// each reported done), and the same to "smaller" on a title set below that largest size.
    static func titleSize(spec: DesignSpec, geometry: DesignGeometry, family: String) throws -> (
        maxSize: Double, asked: Int?
    ) {
        let scale = max(0.4, min(1.6, spec.titleScale))
        let text = spec.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let box = geometry.titleBox
        guard abs(scale - 1) > 0.001, !text.isEmpty, box.width > 20, box.height > 20 else {
            return (geometry.maxTitleSize, nil)
        }
        let fitted = try TitleCompositor.fit(
            text, family: family, box: box, maxSize: geometry.maxTitleSize, alignment: geometry.titleAlignment
        ).1
        let asked = Int((Double(fitted) * scale).rounded())
        return (Double(asked), scale > 1 ? asked : nil)
    }
}
