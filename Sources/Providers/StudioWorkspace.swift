import Foundation
import Imaging

/// An office out of focus, drawn from nothing: the environmental portrait's backdrop ("a
/// workspace"). A warm wall, a bright window on the key light's side (where the light comes
/// from), a bookshelf on the other and a desk along the bottom, blurred as a lens focused on the
/// person would, with a desk lamp's glow as bokeh. A person photographed against the light gets
/// the window behind their head (`windowBehind`), the shelf on the side with more room: the pale
/// rim that light left along their jaw then has a cause in the picture, where against the shelf
/// it read as a cut-out's edge (a tester's obama-3). Made on a grid of one point per 4 canvas
/// pixels: after the blur nothing finer survives.
enum StudioWorkspace {
    /// A box in canvas fractions (0–1 across and down).
    struct Box {
        let left: Double
        let top: Double
        let right: Double
        let bottom: Double
        func contains(_ u: Double, _ v: Double) -> Bool { u >= left && u < right && v >= top && v < bottom }
    }

    struct Book {
        let box: Box
        let colour: (Double, Double, Double)
    }

    static func make(
        keySide: Double, hueShift: Double, windowBehind: Double? = nil, field: SmoothField, matte: SubjectMatte?,
        random: inout SeededGenerator
    ) throws -> EditableImage {
        let grid = SmoothField(canvasWidth: field.canvasWidth, canvasHeight: field.canvasHeight, step: 4)
        let (width, height) = (Double(grid.canvasWidth), Double(grid.canvasHeight))
        let (window, shelf) = windowAndShelf(keySide: keySide, windowBehind: windowBehind)
        // Walls and desk brighter towards the window, away from the shelf.
        let towardsWindow = { (u: Double) in shelf.left < window.left ? u : 1 - u }
        let shelfBoards = [0.14, 0.34, 0.54, 0.74]
        let books = self.books(on: shelf, boards: shelfBoards, random: &random)
        let wall = StudioBackdrop.hsv(hue: 34 + hueShift, saturation: 0.13, value: 0.8)
        let wood = StudioBackdrop.hsv(hue: 27 + hueShift * 0.3, saturation: 0.42, value: 0.42)
        let room = grid.colourGrid { x, y in
            let (u, v) = (x / width, y / height)
            if v >= 0.8 {  // the desk's top, lit from the window's side
                let lit = 0.85 + 0.25 * towardsWindow(u)
                return (wood.0 * lit, wood.1 * lit, wood.2 * lit)
            }
            if window.contains(u, v) {
                // Daylight, cool and bright, crossed by the frame's bars.
                let bar = abs(u - (window.left + window.right) / 2) < 0.008 || abs(v - 0.33) < 0.01
                return bar ? (150, 150, 150) : StudioBackdrop.hsv(hue: 205, saturation: 0.07, value: 0.99)
            }
            if shelf.contains(u, v) {
                if shelfBoards.contains(where: { abs(v - $0) < 0.012 }) { return wood }
                if let book = books.first(where: { $0.box.contains(u, v) }) { return book.colour }
                return (wall.0 * 0.55, wall.1 * 0.55, wall.2 * 0.55)  // the shelf's shadowed back
            }
            // The wall, brighter towards the window.
            let lit = 0.72 + 0.3 * towardsWindow(u)
            return (wall.0 * lit, wall.1 * lit, wall.2 * lit)
        }
        let blurred = try room.blurred(sigma: 0.022 * height / 4)
        // The lamp stands on the side away from the shelf: the window's (or, with the window behind
        // the head, the side with the desk's open end), not over the books.
        let lampSide = shelf.left < window.left ? 1.0 : -1.0
        return try blurred.adding(lamp(grid: grid, side: lampSide, clearOf: matte, random: &random)).materialized()
            .enlarged(toWidth: field.canvasWidth, height: field.canvasHeight)
    }

    /// The window's box and the shelf's: the window on the key light's side, or centred behind
    /// the head at `windowBehind` (a share of the width); the shelf on the other side, clear of it.
    static func windowAndShelf(keySide: Double, windowBehind: Double?) -> (window: Box, shelf: Box) {
        let (left, right): (Double, Double) =
            if let head = windowBehind {
                (max(0.2, min(0.8, head)) - 0.17, max(0.2, min(0.8, head)) + 0.17)
            } else {
                keySide > 0 ? (0.7, 0.97) : (0.03, 0.3)
            }
        let window = Box(left: left, top: 0.06, right: right, bottom: 0.6)
        let shelfOnLeft = left + right > 1
        let shelf = Box(
            left: shelfOnLeft ? 0.04 : max(0.58, right + 0.03), top: 0.14,
            right: shelfOnLeft ? min(0.42, left - 0.03) : 0.96, bottom: 0.74)
        return (window, shelf)
    }

    /// The desk lamp's glow, on `side` of the middle (-1 left, +1 right), low, and off the person
    /// (`BokehKeepOut`): hidden behind them, it is left out.
    static func lamp(grid: SmoothField, side: Double, clearOf matte: SubjectMatte?, random: inout SeededGenerator)
        -> EditableImage
    {
        let (width, height) = (Double(grid.canvasWidth), Double(grid.canvasHeight))
        let discs = BokehDisc.placed(5, clearOf: matte) {
            lampDisc(width: width, height: height, side: side, random: &random)
        }
        return BokehDisc.drawn(discs, on: grid)
    }

    /// One disc of the desk lamp's glow.
    static func lampDisc(width: Double, height: Double, side: Double, random: inout SeededGenerator) -> BokehDisc {
        let across = 0.56 + 0.1 * random.unit()
        return BokehDisc(
            x: width * (side > 0 ? across : 1 - across), y: height * (0.64 + 0.1 * random.unit()),
            radius: (0.03 + 0.04 * random.unit()) * height, strength: 0.12 + 0.16 * random.unit(),
            colour: StudioBackdrop.hsv(hue: 38, saturation: 0.5, value: 1))
    }

    /// Books standing on each shelf, side by side with gaps, of muted colours.
    static func books(on shelf: Box, boards: [Double], random: inout SeededGenerator) -> [Book] {
        var books: [Book] = []
        for (top, bottom) in zip(boards, boards.dropFirst()) {
            var u = shelf.left + 0.01
            while u < shelf.right - 0.02 {
                let w = 0.008 + 0.016 * random.unit()
                if random.unit() < 0.85 {
                    let h = (bottom - top) * (0.55 + 0.35 * random.unit())
                    books.append(
                        Book(
                            box: Box(left: u, top: bottom - 0.012 - h, right: u + w, bottom: bottom - 0.012),
                            colour: StudioBackdrop.hsv(
                                hue: 360 * random.unit(), saturation: 0.25 + 0.3 * random.unit(),
                                value: 0.35 + 0.35 * random.unit())))
                }
                u += w + 0.002
            }
        }
        return books
    }
}
