import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// The rim light of the dynamic portrait lights the person's edge, not the backdrop beside it:
/// testers saw the glow it spread outside the matte (0.3 of its strength there once) as an outline
/// that made hair and shoulders look cut out like a sticker. Of its light, 0.105-0.115 fell where
/// the matte is under 0.2 then (the goal fails that rim), 0.067-0.083 once it was 0.08 outside
/// (0.072-0.076 re-measured on 2026-12-05 with today's matte), and 0.071-0.092 now that it follows
/// the head's outline rather than the gaps in the hair (less light in all; kit-harington-2's share
/// rose as the light within its curls went: on the backdrop 10,031 before, 8,481 now, summed over
/// the grid's bytes) with 0.05 outside.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct RimLightTests {
    /// The dynamic portrait's scene for `name` (seed 5), its matte and its rim's colours.
    static func dynamicScene(_ name: String) throws -> (
        scene: FramedScene, matte: SubjectMatte, colours: ((Double, Double, Double), (Double, Double, Double))
    ) {
        let scene = try FramedScene(
            bytes: try FacePhotos.bytes(name), name: name, scenario: PortraitScenario.all[2], seed: 5)
        return (
            scene, try SubjectMatte(subject: scene.subject, framing: scene.framing),
            StudioRenderer.rimColours(scene.style)
        )
    }

    @Test(arguments: ["obama-2.jpg", "biden-2.jpg", "kit-harington-2.jpg"])
    func lightsThePersonsEdgeNotTheBackdrop(name: String) throws {
        let (scene, matte, (left, right)) = try Self.dynamicScene(name)
        let light = try StudioLighting.rimGrid(strength: scene.style.rim, left: left, right: right, matte: matte).rgb()
        // Light added on the grid: on the person (and their soft edge), or on the backdrop (opacity under 0.2).
        var (person, backdrop) = (0.0, 0.0)
        for (i, m) in matte.values.enumerated() {
            let added = Double(light.pixels[3 * i]) + Double(light.pixels[3 * i + 1]) + Double(light.pixels[3 * i + 2])
            if m >= 0.2 { person += added } else { backdrop += added }
        }
        let share = backdrop / max(1, person + backdrop)
        print("rim light outside the person, \(name): \(String(format: "%.3f", share))")
        #expect(person > 0, "\(name): no rim light at all")
        #expect(share < 0.095, "\(name): \(share) of the rim's light falls on the backdrop")
    }

    /// The rim light follows the outline of the head, not every gap between curls: lit at each
    /// gap, kit-harington-2's curly hair glowed violet all through (a tester saw a rim glow on
    /// curly hair). The outline is the matte blurred over 0.3 eye distances and cut at one half
    /// (gaps between curls fall inside it); the light more than 0.25 eye distances inside it is
    /// light within the hair: 0.035 of it on kit-harington-2 and 0.020 on biden-2 before, under
    /// 0.003 now.
    @Test(arguments: ["kit-harington-2.jpg", "obama-2.jpg", "biden-2.jpg"])
    func followsTheHeadsOutlineNotTheGapsInTheHair(name: String) throws {
        let (scene, matte, (left, right)) = try Self.dynamicScene(name)
        let light = try StudioLighting.rimGrid(strength: scene.style.rim, left: left, right: right, matte: matte).rgb()
        let (w, h) = (matte.grid.gridWidth, matte.grid.gridHeight)
        let cell = matte.unit / Double(SubjectMatte.step)
        let outline = try SubjectMatte.blurred(matte.values, grid: matte.grid, sigma: 0.3 * cell).map { $0 >= 0.5 }
        // Cells inside the outline by more than 0.25 eye distances: no cell outside it that near.
        let inside = GridMorphology.eroded(
            outline.map { $0 ? 1 : 0 }, width: w, height: h, radius: Int((0.25 * cell).rounded()))
        var (deep, all) = (0.0, 0.0)
        for i in 0..<(w * h) {
            let added = Double(light.pixels[3 * i]) + Double(light.pixels[3 * i + 1]) + Double(light.pixels[3 * i + 2])
            all += added
            if inside[i] > 0 { deep += added }
        }
        let share = deep / max(1, all)
        print("rim light within the hair, \(name): \(String(format: "%.3f", share))")
        #expect(all > 0, "\(name): no rim light at all")
        #expect(share < 0.01, "\(name): \(share) of the rim's light lies within the hair")
    }

    /// As the portrait gets it, the rim light is what the person reflects (`StudioLighting.lit`):
    /// none where the full-size matte is 0 (made on the grid, added whole, it reached a grid step
    /// past the person: a toothed coloured line along obama-2's dark collar, a pale outline round
    /// kit-harington-2's curls), and on dark hair and clothes (luma under 50) 0.3-0.44 of it (a
    /// teal outline round rose-leslie-2's hair over the night city, looked at), on mid-light skin
    /// (luma 110-190) 0.60-0.82: measured 0.36-0.39 and 0.66-0.69.
    @Test(arguments: ["rose-leslie-2.jpg", "kit-harington-2.jpg", "obama-2.jpg"])
    func isReflectedByThePersonNotLaidOverThem(name: String) throws {
        let (scene, matte, (left, right)) = try Self.dynamicScene(name)
        let light = try StudioLighting.rim(strength: scene.style.rim, left: left, right: right, matte: matte).rgb()
        // The person over black, as the portrait lays them over its backdrop.
        let black = EditableImage(
            RGBImage(
                width: scene.width, height: scene.height,
                pixels: .init(repeating: 0, count: 3 * scene.width * scene.height)))
        let base = try matte.foreground().blended(over: black, mask: matte.image())
        let lit = try StudioLighting.lit(
            base, glow: 0, rim: scene.style.rim, rimColours: (left, right),
            field: SmoothField(canvasWidth: scene.width, canvasHeight: scene.height), matte: matte
        ).rgb().pixels
        let before = try base.rgb().pixels
        var (outside, lightOutside, dark, lightOnDark, bright, lightOnBright) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        for i in 0..<(scene.width * scene.height) {
            var (added, offered) = (0.0, 0.0)
            for c in 0..<3 {
                added += Double(lit[3 * i + c]) - Double(before[3 * i + c])
                offered += Double(light.pixels[3 * i + c])
            }
            let luma: Double =
                0.299 * Double(before[3 * i]) + 0.587 * Double(before[3 * i + 1]) + 0.114 * Double(before[3 * i + 2])
            if matte.alpha[i] == 0 {
                (outside, lightOutside) = (outside + added, lightOutside + offered)
            } else if matte.alpha[i] > 0.9, luma < 50, offered > 0 {
                (dark, lightOnDark) = (dark + added, lightOnDark + offered)
            } else if matte.alpha[i] > 0.9, (110..<190).contains(luma), offered > 0 {
                (bright, lightOnBright) = (bright + added, lightOnBright + offered)
            }
        }
        print(
            "rim light, \(name): \(Int(lightOutside)) offered outside the person, \(Int(outside)) added; "
                + "on dark pixels \(String(format: "%.2f", dark / max(1, lightOnDark))) of it, "
                + "on skin \(String(format: "%.2f", bright / max(1, lightOnBright)))")
        #expect(lightOutside > 0, "\(name): the grid's light reaches past the person (what this test guards)")
        #expect(outside == 0, "\(name): \(outside) of the rim's light added where the person is not")
        #expect(
            lightOnDark > 0 && dark / lightOnDark < 0.45,
            "\(name): \(dark / max(1, lightOnDark)) of the rim on dark pixels")
        // Still a rim: on mid-light skin (luma 110-190) 0.60-0.82 of it, less a little clipping.
        #expect(
            lightOnBright > 0 && bright / lightOnBright > 0.55,
            "\(name): \(bright / max(1, lightOnBright)) of the rim on skin")
        #expect(dark / max(1, lightOnDark) > 0.25, "\(name): the rim all but gone on dark hair")
    }
}
