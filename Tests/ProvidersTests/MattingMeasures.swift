import Foundation
import Imaging
import PersonaKit

@testable import Providers

/// How good a matte is, measured without a true alpha (there is none for a real photo): by how
/// little it moves when the person is pasted onto other busy backgrounds and matted again, and by
/// how much of the old background's colour is left around the person once cut out.
enum MattingMeasures {
    /// One photo matted as the studio does: the person framed on a 1024×1280 canvas as for the
    /// headshot, the matte's opacity (0–1) and the colours it puts in front.
    struct Matted {
        let width: Int
        let height: Int
        /// The framed photo, RGB.
        let subject: [UInt8]
        /// The colours the renderer lays over the backdrop (the photo's, or re-estimated at the edge).
        let foreground: [UInt8]
        let alpha: [Float]
        /// How many pixels were dropped as a piece of the background kept at the edge.
        let droppedIslandPixels: Int
        /// Whether each pixel lies inside the photo (the canvas may reach beyond it).
        let inPhoto: [Bool]
        /// Where the photo landed on the canvas.
        let framing: StudioFraming
    }

    static let width = 1024
    static let height = 1280

    /// Mattes `bytes` (a photo with one face at `reference`) with the studio's headshot style.
    static func matte(bytes: [UInt8], reference: ReferencePhoto, style: StudioStyle) throws -> Matted {
        let photo = try EditableImage(bytes: bytes)
        let (_, framing, subject) = try StudioRenderer.framed(
            photo: photo, reference: reference, photoScale: 1, style: style, width: width, height: height)
        return try matte(subject: subject, framing: framing, name: "\(reference.location)-\(Int(framing.eyeMid.x))")
    }

    /// Mattes a picture already on the canvas, framed by `framing`.
    static func matte(subject: EditableImage, framing: StudioFraming, name: String) throws -> Matted {
        let matte = try SubjectMatte(subject: subject, framing: framing)
        let foreground = try matte.foreground().rgb().pixels
        if let folder = ProcessInfo.processInfo.environment["MATTES_DIR"] {
            // For looking at the mattes: MATTES_DIR=/tmp/mattes swift test --filter MattingQualityTests
            try? Data(try matte.image().png()).write(to: URL(fileURLWithPath: "\(folder)/\(name)-alpha.png"))
            try? Data(try subject.png()).write(to: URL(fileURLWithPath: "\(folder)/\(name)-photo.png"))
            let green = try EditableImage.solid(width: width, height: height, red: 40, green: 200, blue: 60)
            try? Data(try matte.foreground().blended(over: green, mask: matte.image()).png()).write(
                to: URL(fileURLWithPath: "\(folder)/\(name)-green.png"))
        }
        var inPhoto = [Bool](repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width where framing.photoDepth(x: Double(x) + 0.5, y: Double(y) + 0.5) > 2 {
                inPhoto[y * width + x] = true
            }
        }
        return Matted(
            width: width, height: height, subject: try subject.rgb().pixels, foreground: foreground,
            alpha: matte.alpha, droppedIslandPixels: matte.droppedIslandPixels, inPhoto: inPhoto,
            framing: framing)
    }

    /// The matted person (its foreground colours) laid over `background` with its opacity: a new
    /// photo of the same person in front of something else.
    static func pasted(_ matted: Matted, over background: [UInt8]) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: background.count)
        for i in 0..<(matted.width * matted.height) {
            let a = matted.alpha[i]
            for c in 0..<3 {
                let v = a * Float(matted.foreground[3 * i + c]) + (1 - a) * Float(background[3 * i + c])
                out[3 * i + c] = UInt8(max(0, min(255, v.rounded())))
            }
        }
        return try EditableImage(RGBImage(width: matted.width, height: matted.height, pixels: out)).png()
    }

    /// A busy background made here: many overlapping rectangles of random saturated colours with
    /// fine stripes (`kind` 0), or colour waves with speckle (`kind` 1). Nothing of it is a person.
    static func busyBackground(kind: Int, seed: UInt64) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        if kind == 0 {
            for _ in 0..<140 {
                let w = Int(random.unit() * 360) + 30
                let h = Int(random.unit() * 360) + 30
                let x0 = Int(random.unit() * Double(width - 10))
                let y0 = Int(random.unit() * Double(height - 10))
                let colour = (0..<3).map { _ in UInt8(random.unit() * 255) }
                let striped = random.coin()
                for y in y0..<min(height, y0 + h) {
                    for x in x0..<min(width, x0 + w) where !striped || (x / 3) % 2 == 0 {
                        for c in 0..<3 { pixels[3 * (y * width + x) + c] = colour[c] }
                    }
                }
            }
        } else {
            let phase = (0..<3).map { _ in random.unit() * 6.28 }
            for y in 0..<height {
                for x in 0..<width {
                    for c in 0..<3 {
                        let wave =
                            sin(Double(x) / (23 + 9 * Double(c)) + phase[c]) * cos(Double(y) / (31 - 7 * Double(c)))
                        let speckle = (random.unit() - 0.5) * 70
                        pixels[3 * (y * width + x) + c] = UInt8(max(0, min(255, 128 + 110 * wave + speckle)))
                    }
                }
            }
        }
        return pixels
    }

    /// Intersection over union of the two mattes' person (opacity > 0.5), inside the photo.
    static func iou(_ a: Matted, _ b: Matted) -> Double {
        var both = 0
        var either = 0
        for i in a.alpha.indices where a.inPhoto[i] && b.inPhoto[i] {
            let (x, y) = (a.alpha[i] > 0.5, b.alpha[i] > 0.5)
            if x && y { both += 1 }
            if x || y { either += 1 }
        }
        return Double(both) / Double(max(1, either))
    }

    /// The share of the pixels well away from the original person (outside its matte grown by
    /// `margin` pixels) that the second matte keeps with opacity above 0.1: the new background
    /// taken for the person.
    static func leak(original: Matted, again: Matted, margin: Int = 16) -> Double {
        let near = nearMask(
            original.alpha.map { $0 > 0.1 }, width: original.width, height: original.height, radius: margin)
        var outside = 0
        var kept = 0
        for i in original.alpha.indices where !near[i] && original.inPhoto[i] && again.inPhoto[i] {
            outside += 1
            if again.alpha[i] > 0.1 { kept += 1 }
        }
        return Double(kept) / Double(max(1, outside))
    }

    /// In the band along the person's edge (opacity above 0.1 and within `band` pixels of where it
    /// falls below 0.5), the share (weighted by opacity) of the colours put in front that look like
    /// the photo's own background rather than the person: colour histograms of the surely-person and
    /// surely-background parts of the photo (each `band` pixels or more from the edge) decide, with a
    /// factor of 2 against the background. With `below`, only the band more than that many eye
    /// distances below the eyes counts (the body's edge, under the chin).
    static func leftovers(_ m: Matted, band: Int = 12, below: Double? = nil) -> Double {
        let (w, h) = (m.width, m.height)
        let outsideNear = nearMask(m.alpha.map { $0 < 0.5 }, width: w, height: h, radius: band)
        let insideNear = nearMask(m.alpha.map { $0 >= 0.5 }, width: w, height: h, radius: 2 * band)
        var person = [Double](repeating: 1, count: 4096)
        var background = person
        for i in m.alpha.indices where m.inPhoto[i] {
            let bin = colourBin(m.subject, i)
            if m.alpha[i] > 0.98 && !outsideNear[i] { person[bin] += 1 }
            if m.alpha[i] < 0.02 && !insideNear[i] { background[bin] += 1 }
        }
        let (pSum, bSum) = (person.reduce(0, +), background.reduce(0, +))
        var total = 0.0
        var old = 0.0
        let top = below.map { m.framing.eyeMid.y + $0 * m.framing.unit } ?? -.infinity
        for i in m.alpha.indices where m.inPhoto[i] && m.alpha[i] > 0.1 && outsideNear[i] && Double(i / w) > top {
            let bin = colourBin(m.foreground, i)
            let weight = Double(m.alpha[i])
            total += weight
            if background[bin] / bSum > 2 * person[bin] / pSum { old += weight }
        }
        return old / max(1, total)
    }

    private static func colourBin(_ rgb: [UInt8], _ i: Int) -> Int {
        Int(rgb[3 * i] >> 4) << 8 | Int(rgb[3 * i + 1] >> 4) << 4 | Int(rgb[3 * i + 2] >> 4)
    }

    /// Pixels within `radius` (a square) of any set pixel: two passes of running counts.
    static func nearMask(_ set: [Bool], width: Int, height: Int, radius: Int) -> [Bool] {
        var rows = [Int32](repeating: 0, count: set.count)
        for y in 0..<height {
            var count: Int32 = 0
            let base = y * width
            for x in 0..<min(width, radius) where set[base + x] { count += 1 }
            for x in 0..<width {
                if x + radius < width && set[base + x + radius] { count += 1 }
                if x - radius - 1 >= 0 && set[base + x - radius - 1] { count -= 1 }
                rows[base + x] = count
            }
        }
        var out = [Bool](repeating: false, count: set.count)
        for x in 0..<width {
            var count: Int32 = 0
            for y in 0..<min(height, radius) { count += rows[y * width + x] }
            for y in 0..<height {
                if y + radius < height { count += rows[(y + radius) * width + x] }
                if y - radius - 1 >= 0 { count -= rows[(y - radius - 1) * width + x] }
                out[y * width + x] = count > 0
            }
        }
        return out
    }
}
