import Foundation
import Imaging
import Testing

@testable import Providers

/// The drawn backdrops look like what the scenarios say: the dynamic portrait's city at night (a
/// saturated sky above, lit windows and lights below) and the environmental portrait's office (a
/// bright window on the key light's side, a darker wall and shelf on the other, a wooden desk).
/// The same seed draws the same picture, another seed another.
struct StudioBackdropTests {
    static func mean(_ image: EditableImage, _ box: (Double, Double, Double, Double)) throws -> [Double] {
        let (w, h) = (Double(image.width), Double(image.height))
        return try image.cropped(
            left: Int(box.0 * w), top: Int(box.1 * h), width: Int((box.2 - box.0) * w), height: Int((box.3 - box.1) * h)
        ).bandMeans()
    }

    static func luma(_ rgb: [Double]) -> Double { 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] }

    /// How much neighbouring small tiles of a region differ in luma (a smooth gradient hardly
    /// does; lit windows, lights and books do).
    static func texture(_ image: EditableImage, _ box: (Double, Double, Double, Double)) throws -> Double {
        let (columns, rows) = (24, 4)
        let (dx, dy) = ((box.2 - box.0) / Double(columns), (box.3 - box.1) / Double(rows))
        var differences: [Double] = []
        for j in 0..<rows {
            var previous: Double?
            for i in 0..<columns {
                let x = box.0 + Double(i) * dx
                let y = box.1 + Double(j) * dy
                let l = luma(try mean(image, (x, y, x + dx, y + dy)))
                if let previous { differences.append(abs(l - previous)) }
                previous = l
            }
        }
        return differences.reduce(0, +) / Double(differences.count)
    }

    @Test func theCityHasASaturatedSkyAndLightsBelow() throws {
        let field = SmoothField(canvasWidth: 1024, canvasHeight: 576)
        var random = SeededGenerator(seed: 7)
        let city = try StudioCity.make(fromHue: 318, toHue: 188, field: field, matte: nil, random: &random)
        let sky = try Self.mean(city, (0, 0, 1, 0.12))
        let chroma = sky.max()! - sky.min()!
        #expect(chroma > 70, "the sky is saturated: \(sky)")
        let street = try Self.texture(city, (0, 0.55, 1, 1))
        let above = try Self.texture(city, (0, 0, 1, 0.15))
        #expect(street > 2 * above + 3, "lit windows and lights below (\(street)), an even sky above (\(above))")
        var again = SeededGenerator(seed: 7)
        var other = SeededGenerator(seed: 8)
        let bytes = try city.rgb().pixels
        #expect(
            try StudioCity.make(fromHue: 318, toHue: 188, field: field, matte: nil, random: &again).rgb().pixels
                == bytes)
        #expect(
            try StudioCity.make(fromHue: 318, toHue: 188, field: field, matte: nil, random: &other).rgb().pixels
                != bytes)
    }

    @Test(arguments: [-1.0, 1.0])
    func theOfficeHasItsWindowOnTheKeySide(keySide: Double) throws {
        let field = SmoothField(canvasWidth: 1024, canvasHeight: 682)
        var random = SeededGenerator(seed: 7)
        let office = try StudioWorkspace.make(keySide: keySide, hueShift: 0, field: field, matte: nil, random: &random)
        let window = keySide > 0 ? (0.75, 0.1, 0.92, 0.5) : (0.08, 0.1, 0.25, 0.5)
        let shelf = keySide > 0 ? (0.08, 0.2, 0.38, 0.7) : (0.62, 0.2, 0.92, 0.7)
        let bright = Self.luma(try Self.mean(office, window))
        let books = Self.luma(try Self.mean(office, shelf))
        #expect(bright > 200 && bright > books + 60, "window \(bright), shelf \(books)")
        let spines = try Self.texture(office, shelf)
        let wall = try Self.texture(office, (0.4, 0.05, 0.6, 0.12))
        #expect(spines > 2 * wall + 1, "books of several colours on the shelf: \(spines) against the wall \(wall)")
        let desk = try Self.mean(office, (0, 0.86, 1, 1))
        #expect(desk[0] > desk[2] + 25 && Self.luma(desk) < 140, "a wooden desk: \(desk)")
    }

    /// A photo lit from behind puts the window behind the head (the rim along the jaw then has a
    /// cause), the shelf on the side with more room, clear of the window.
    @Test(arguments: [0.3, 0.55, 0.72])
    func aBacklitPersonStandsBeforeTheWindow(headAcross: Double) throws {
        let field = SmoothField(canvasWidth: 1024, canvasHeight: 682)
        var random = SeededGenerator(seed: 7)
        let office = try StudioWorkspace.make(
            keySide: -1, hueShift: 0, windowBehind: headAcross, field: field, matte: nil, random: &random)
        let behind = Self.luma(try Self.mean(office, (headAcross - 0.06, 0.15, headAcross + 0.06, 0.5)))
        let (_, shelf) = StudioWorkspace.windowAndShelf(keySide: -1, windowBehind: headAcross)
        #expect(((shelf.left + shelf.right) / 2 < 0.5) == (headAcross > 0.5), "the shelf on the side with more room")
        let books = Self.luma(try Self.mean(office, (shelf.left + 0.04, 0.2, shelf.right - 0.04, 0.7)))
        #expect(behind > 200 && behind > books + 60, "behind the head \(behind), shelf \(books)")
        #expect(try Self.texture(office, (shelf.left + 0.04, 0.2, shelf.right - 0.04, 0.7)) > 2)
    }

    /// Wherever the head stands, the window and the shelf keep clear of each other and the shelf
    /// keeps room for its books; without a head the window is on the key light's side.
    @Test func theWindowAndTheShelfNeverOverlap() {
        for step in 0...40 {
            let head = Double(step) / 40
            let (window, shelf) = StudioWorkspace.windowAndShelf(keySide: -1, windowBehind: head)
            #expect(shelf.right <= window.left || shelf.left >= window.right, "head at \(head)")
            #expect(shelf.right - shelf.left >= 0.25, "head at \(head): the shelf is \(shelf)")
            #expect(window.left >= 0 && window.right <= 1, "head at \(head): the window is \(window)")
        }
        #expect(StudioWorkspace.windowAndShelf(keySide: 1, windowBehind: nil).window.left == 0.7)
        #expect(StudioWorkspace.windowAndShelf(keySide: -1, windowBehind: nil).window.right == 0.3)
    }
}
