import Foundation
import Imaging

/// Sets a design's title: the largest size that fits its box (shrinking, then wrapping, then, as
/// a last resort, shortening with an ellipsis, so it never overflows), in the first colour that
/// reads at WCAG AA (4.5:1) against what lies behind it, on a panel when none does. The contrast
/// is then measured on the finished pixels: the renderer knows which pixels are text.
public enum TitleCompositor {
    public enum Alignment: String, Codable, Sendable { case left, centre, right }

    /// What was drawn, for the version's record and the tests.
    public struct Report: Codable, Sendable, Equatable {
        /// The text drawn, exactly (with an ellipsis when it had to be shortened).
        public var text: String
        public var truncated: Bool
        public var font: String
        public var size: Int
        public var colour: String
        /// The panel behind the text when the backdrop alone gave too little contrast.
        public var panel: String?
        /// Where the text's ink is, in canvas pixels.
        public var box: DesignGeometry.Box
        /// WCAG contrast measured on the output, text against the background next to it (worst case).
        public var contrast: Double
    }

    public static let minimumContrast = 4.5

    /// The family with its weight as Pango reads it ("Montserrat Semi-Bold"): the brand's
    /// heading weight, bold when it names none (a title is a heading). Pango picks the nearest
    /// face the family has (DejaVu: Extra Light, Book, Bold).
    static func face(_ family: String, weight: Int?) -> String {
        guard let weight else { return "\(family) Bold" }
        let names: [(upTo: Int, name: String)] = [
            (150, "Thin"), (250, "Ultra-Light"), (350, "Light"), (450, "Regular"), (550, "Medium"),
            (650, "Semi-Bold"), (750, "Bold"), (850, "Ultra-Bold"),
        ]
        return "\(family) \(names.first { weight <= $0.upTo }?.name ?? "Heavy")"
    }

    static func draw(
        _ title: String, on canvas: EditableImage, in box: DesignGeometry.Box, alignment: Alignment, family: String,
        weight: Int? = nil, maxSize: Double, candidates: [DesignColour], panelColour: DesignColour
    ) throws -> (EditableImage, Report)? {
        let text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, box.width > 20, box.height > 20 else { return nil }
        let (mask, size, drawn, truncated) = try fit(
            text, family: family, weight: weight, box: box, maxSize: maxSize, alignment: alignment)
        // The ink's place in the box: vertically centred, horizontally by the alignment.
        let x: Int
        switch alignment {
        case .left: x = box.x
        case .centre: x = box.x + (box.width - mask.width) / 2
        case .right: x = box.right - mask.width
        }
        let y = box.y + (box.height - mask.height) / 2
        let ink = DesignGeometry.Box(x: x, y: y, width: mask.width, height: mask.height)
        let (cw, ch) = (canvas.width, canvas.height)
        let placed = try mask.placed(onCanvasWidth: cw, height: ch, x: x, y: y, red: 0, green: 0, blue: 0)
        let region = expanded(ink, canvas)
        let coverage = try placed.cropped(left: region.x, top: region.y, width: region.width, height: region.height)
            .greyBytes()
        let near = nearText(coverage, width: region.width, height: region.height, radius: max(2, size / 6))

        var base = canvas
        var panelHex: String?
        var colour = try pick(candidates, behind: base, region: region, near: near, coverage: coverage)
        if colour == nil {
            // Nothing reads on the backdrop as it is: a panel behind the text, the brand's own
            // colour pushed darker or lighter until the best candidate reads on it.
            let pad = Int(0.35 * Double(size))
            let (left, top) = (max(0, ink.x - pad), max(0, ink.y - pad / 2))
            let panelBox = DesignGeometry.Box(
                x: left, y: top, width: min(cw, ink.right + pad) - left, height: min(ch, ink.bottom + pad / 2) - top)
            let text = candidates.first { $0.luminance > 0.5 } ?? .white
            var panel = panelColour
            for step in 0...10 {
                panel = panelColour.mixed(with: DesignColour(red: 0, green: 0, blue: 0), Double(step) * 0.1)
                if DesignColour.contrast(panel.luminance, text.luminance) >= 7 { break }
            }
            let solid = try EditableImage.solid(
                width: panelBox.width, height: panelBox.height, red: panel.red, green: panel.green, blue: panel.blue)
            let opacity = try EditableImage.solid(
                width: panelBox.width, height: panelBox.height, red: 235, green: 0, blue: 0
            )
            .extractingBands(first: 0, count: 1)
            let panelMask = try opacity.placed(
                onCanvasWidth: cw, height: ch, x: panelBox.x, y: panelBox.y, red: 0, green: 0, blue: 0)
            let panelLayer = try solid.placed(
                onCanvasWidth: cw, height: ch, x: panelBox.x, y: panelBox.y, red: 0, green: 0, blue: 0)
            base = try panelLayer.blended(over: base, mask: panelMask).materialized()
            panelHex = panel.hex
            colour =
                try pick([text, .white, .ink], behind: base, region: region, near: near, coverage: coverage) ?? text
        }
        let chosen = colour!
        // The text is blended inside its region only and laid back in: a blend over the whole
        // canvas would compute every pixel for the few the text covers.
        let layer = try EditableImage.solid(
            width: region.width, height: region.height, red: chosen.red, green: chosen.green, blue: chosen.blue)
        let patch = try layer.blended(
            over: base.cropped(left: region.x, top: region.y, width: region.width, height: region.height),
            mask: placed.cropped(left: region.x, top: region.y, width: region.width, height: region.height))
        let output = try base.inserting(patch, x: region.x, y: region.y).materialized()
        let measured = try contrast(of: output, region: region, near: near, coverage: coverage)
        return (
            output,
            Report(
                text: drawn, truncated: truncated, font: family, size: size, colour: chosen.hex, panel: panelHex,
                box: ink, contrast: (measured * 100).rounded() / 100)
        )
    }

    /// The largest size (whole pixels) at which the text, wrapped to the box's width, fits its
    /// height. Below the smallest size it is shortened word by word, with an ellipsis.
    static func fit(
        _ text: String, family: String, weight: Int? = nil, box: DesignGeometry.Box, maxSize: Double,
        alignment: Alignment = .left
    ) throws -> (
        EditableImage, Int, String, Bool
    ) {
        let smallest = max(12, Int(0.045 * Double(box.height)))
        let face = Self.face(family, weight: weight)
        func render(_ text: String, _ size: Int) throws -> EditableImage {
            let lines: EditableImage.TextAlignment =
                switch alignment {
                case .left: .left
                case .centre: .centre
                case .right: .right
                }
            return try EditableImage.textMask(text, font: "\(face) \(size)", width: box.width, alignment: lines)
        }
        func fits(_ mask: EditableImage) -> Bool { mask.width <= box.width && mask.height <= box.height }
        var high = max(smallest, Int(maxSize))
        // Pango's sizes scale linearly, so one line and one word measured at a reference size
        // bound the search: a size at which a word must break across lines ("Bitc-oin") is no
        // fit while a smaller one keeps every word whole (scripts written without spaces break
        // anywhere anyway), and the text's area bounds the size that can fill the box.
        let reference = 100.0
        let unwrapped = try EditableImage.textMask(text, font: "\(face) \(Int(reference))", width: 0)
        if let longest = words(of: text).max(by: { $0.count < $1.count }) {
            let ink = try EditableImage.textMask(longest, font: "\(face) \(Int(reference))", width: 0).width
            // The mask is the ink; Pango wraps on the advance, a little wider.
            let whole = Int(reference * 0.9 * Double(box.width) / Double(max(1, ink)))
            if whole >= smallest { high = min(high, whole) }
        }
        let area = Double(unwrapped.width) * Double(unwrapped.height) * 1.3
        let estimate = Int(reference * (Double(box.width) * Double(box.height) / max(1, area)).squareRoot())
        let low = max(smallest, min(high, Int(Double(estimate) * 0.7)))
        high = max(low, min(high, Int(Double(estimate) * 1.4)))
        // Above the estimate's floor first; when the estimate was too generous, below it.
        var found = try largestFitting(low...max(low, high)) { size in
            let mask = try render(text, size)
            return fits(mask) ? mask : nil
        }
        if found == nil, low > smallest {
            found = try largestFitting(smallest...(low - 1)) { size in
                let mask = try render(text, size)
                return fits(mask) ? mask : nil
            }
        }
        if let (mask, size) = found { return (mask, size, text, false) }
        var words = text.split(separator: " ").map(String.init)
        while words.count > 1 {
            words.removeLast()
            let shorter = words.joined(separator: " ") + "…"
            let mask = try render(shorter, smallest)
            if fits(mask) { return (mask, smallest, shorter, true) }
        }
        // One unbreakable run still too long: cut characters.
        var characters = Array(text)
        while characters.count > 1 {
            characters.removeLast(max(1, characters.count / 8))
            let shorter = String(characters) + "…"
            let mask = try render(shorter, smallest)
            if fits(mask) { return (mask, smallest, shorter, true) }
        }
        return (try render("…", smallest), smallest, "…", true)
    }

    /// The largest size in `sizes` whose `attempt` gives a mask (a binary search: a size that fits
    /// means every smaller one does), with that mask; nil when none does.
    static func largestFitting(_ sizes: ClosedRange<Int>, _ attempt: (Int) throws -> EditableImage?) rethrows
        -> (EditableImage, Int)?
    {
        var (low, high) = (sizes.lowerBound, sizes.upperBound)
        var best: (EditableImage, Int)?
        while low <= high {
            let mid = (low + high) / 2
            if let mask = try attempt(mid) {
                best = (mask, mid)
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return best
    }

    /// The words that should not break: runs between spaces, except those in scripts that are
    /// written without spaces (Chinese, Japanese, Korean, Thai), which break between characters.
    static func words(of text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init).filter { word in
            !word.unicodeScalars.contains { scalar in
                switch scalar.value {
                case 0x0E00...0x0E7F, 0x3000...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FFFF: true
                default: false
                }
            }
        }
    }

    /// Pixels within `radius` of the text's ink (a square neighbourhood), by running sums along
    /// rows then columns: what the text must stand out from. In Swift on the text's region: a
    /// blur of the canvas for this was most of the title's time.
    static func nearText(_ coverage: [UInt8], width: Int, height: Int, radius: Int) -> [Bool] {
        var rows = [Int32](repeating: 0, count: coverage.count)
        for y in 0..<height {
            var sum: Int32 = 0
            let base = y * width
            // A window of 2·radius + 1 sliding along the row.
            for x in 0..<(width + radius) {
                if x < width, coverage[base + x] > 0 { sum += 1 }
                let out = x - 2 * radius - 1
                if out >= 0, coverage[base + out] > 0 { sum -= 1 }
                let centre = x - radius
                if centre >= 0, centre < width { rows[base + centre] = sum }
            }
        }
        var near = [Bool](repeating: false, count: coverage.count)
        for x in 0..<width {
            var sum: Int32 = 0
            for y in 0..<(height + radius) {
                if y < height { sum += rows[y * width + x] }
                let out = y - 2 * radius - 1
                if out >= 0 { sum -= rows[out * width + x] }
                let centre = y - radius
                if centre >= 0, centre < height { near[centre * width + x] = sum > 0 }
            }
        }
        return near
    }

    /// The first candidate whose worst-case contrast against the pixels around the text is AA.
    static func pick(
        _ candidates: [DesignColour], behind canvas: EditableImage, region: DesignGeometry.Box, near: [Bool],
        coverage: [UInt8]
    ) throws -> DesignColour? {
        let (dark, light) = try backgroundRange(canvas, region: region, near: near, coverage: coverage)
        return candidates.first { c in
            min(DesignColour.contrast(c.luminance, dark), DesignColour.contrast(c.luminance, light)) >= minimumContrast
        }
    }

    /// Measured on the output: the text's own pixels (fully covered) against the background
    /// pixels around it (near the text, not covered), the worse of its darkest and lightest 5 %.
    static func contrast(of output: EditableImage, region: DesignGeometry.Box, near: [Bool], coverage: [UInt8])
        throws -> Double
    {
        let (dark, light) = try backgroundRange(output, region: region, near: near, coverage: coverage)
        let pixels = try output.cropped(left: region.x, top: region.y, width: region.width, height: region.height).rgb()
        var text: [Double] = []
        for i in 0..<coverage.count where coverage[i] >= 250 {
            text.append(
                DesignColour.luminance8(pixels.pixels[3 * i], pixels.pixels[3 * i + 1], pixels.pixels[3 * i + 2]))
        }
        guard !text.isEmpty else { return 1 }
        text.sort()
        let t = text[text.count / 2]
        return min(DesignColour.contrast(t, dark), DesignColour.contrast(t, light))
    }

    /// The 5th and 95th percentile luminance of the background around the text: pixels near the
    /// text that it does not cover at all.
    static func backgroundRange(_ canvas: EditableImage, region: DesignGeometry.Box, near: [Bool], coverage: [UInt8])
        throws -> (Double, Double)
    {
        let pixels = try canvas.cropped(left: region.x, top: region.y, width: region.width, height: region.height).rgb()
        var values: [Double] = []
        for i in 0..<near.count where near[i] && coverage[i] == 0 {
            values.append(
                DesignColour.luminance8(pixels.pixels[3 * i], pixels.pixels[3 * i + 1], pixels.pixels[3 * i + 2]))
        }
        guard !values.isEmpty else { return (0.5, 0.5) }
        values.sort()
        return (values[values.count / 20], values[min(values.count - 1, values.count * 19 / 20)])
    }

    static func expanded(_ box: DesignGeometry.Box, _ canvas: EditableImage) -> DesignGeometry.Box {
        let pad = max(8, box.height / 6)
        let x = max(0, box.x - pad)
        let y = max(0, box.y - pad)
        return DesignGeometry.Box(
            x: x, y: y, width: min(canvas.width, box.right + pad) - x, height: min(canvas.height, box.bottom + pad) - y)
    }
}
