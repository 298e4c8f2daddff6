import Foundation
import PersonaKit

/// The human-readable form of an analysis: one row per photo, then the verdict. No embeddings.
enum AnalysisTable {
    static func render(_ set: SetAnalysis) -> String {
        let references = Set(set.referenceIndices)
        let names = set.photos.map { ($0.file as NSString).lastPathComponent }
        let nameWidth = max(4, min(40, names.map(\.count).max() ?? 4))
        var lines = [pad("", 2) + pad("FILE", nameWidth) + "  FACES  LIGHT  CLARITY  ANGLE  OVERALL  ISSUES"]
        for (i, photo) in set.photos.enumerated() {
            let mark = references.contains(i) ? "★ " : "  "
            let name = pad(String(names[i].prefix(nameWidth)), nameWidth)
            if let error = photo.error {
                lines.append(mark + name + "  error: \(error.code): \(error.message)")
                continue
            }
            let q = photo.quality
            let issues = photo.issues.map { "\($0.code.rawValue): \($0.message)" }
            lines.append(
                mark + name + "  " + pad("\(photo.faceCount)", 5) + "  " + score(q.lighting, 5) + "  "
                    + score(q.clarity, 7) + "  " + score(q.angle, 5) + "  " + score(q.overall, 7) + "  "
                    + (issues.first ?? "ok"))
            for issue in issues.dropFirst() { lines.append(String(repeating: " ", count: nameWidth + 46) + issue) }
        }
        lines.append("")
        lines.append("★ reference photo")
        let minimum = AnalysisThresholds.standard.minimumUsablePhotos
        var usable = "Usable photos:     \(set.usableCount) of \(set.photos.count)"
        if set.usableCount < minimum {
            usable += "  (not enough: at least \(minimum) are needed; add more photos of just you)"
        }
        lines.append(usable)
        if let groups = set.ambiguousGroups {
            lines.append(
                "Two people:        \(groups.map { $0.map { names[$0] }.joined(separator: ", ") }.joined(separator: "  /  "))"
            )
            lines.append("                   (about as many photos of each: keep only the photos of you)")
        }
        lines.append("Analysis quality:  \(set.analysisQuality.rawValue)")
        lines.append("Consistency:       " + String(format: "%.2f", set.consistencyScore))
        lines.append(
            "References:        "
                + (set.referenceIndices.isEmpty
                    ? "none" : set.referenceIndices.map { names[$0] }.joined(separator: ", ")))
        return lines.joined(separator: "\n")
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
    static func score(_ x: Double, _ width: Int) -> String { pad(String(format: "%.2f", x), width) }
}
