import Imaging
import PersonaKit
import TestSupport
import Testing

@testable import Providers

/// Out-of-focus lights stay off the person: a disc behind them shows through the matte's soft edge
/// (an ear, hair) as a coloured tint over them. A tester saw one on Obama's jaw in the dynamic
/// portrait made of obama-2. Measured as the discs' light, enlarged to the canvas as the renderer
/// does, on the canvas's pixels where the full-size matte is 0.05 or more: none with the matte,
/// some without it, for the same seeds.
@Suite(.enabled(if: FacePhotos.available, "needs ../shared/testdata/faces"))
struct BokehPlacementTests {
    typealias Draw = (SmoothField, SubjectMatte?, inout SeededGenerator) -> EditableImage

    /// The discs' light on the person, summed over the canvas's bytes for seeds 1-6: placed clear
    /// of the matte, and placed anywhere.
    static func lightOnThePerson(_ name: String, scenario: Int, draw: Draw) throws -> (clear: Double, anywhere: Double)
    {
        let scene = try FramedScene(
            bytes: try FacePhotos.bytes(name), name: name, scenario: PortraitScenario.all[scenario], seed: 5)
        let matte = try SubjectMatte(subject: scene.subject, framing: scene.framing)
        let grid = SmoothField(canvasWidth: scene.width, canvasHeight: scene.height, step: 4)
        let person = matte.alpha.indices.filter { matte.alpha[$0] >= 0.05 }
        func onThePerson(_ discs: EditableImage) throws -> Double {
            let light = try discs.enlarged(toWidth: scene.width, height: scene.height).rgb().pixels
            return person.reduce(0) {
                $0 + Double(light[3 * $1]) + Double(light[3 * $1 + 1]) + Double(light[3 * $1 + 2])
            }
        }
        var (clear, anywhere) = (0.0, 0.0)
        for seed in UInt64(1)...6 {
            var random = SeededGenerator(seed: seed)
            clear += try onThePerson(draw(grid, matte, &random))
            random = SeededGenerator(seed: seed)
            anywhere += try onThePerson(draw(grid, nil, &random))
        }
        return (clear, anywhere)
    }

    @Test(arguments: ["obama-2.jpg", "biden-2.jpg", "kit-harington-2.jpg"])
    func theCitysLightsStayOffThePerson(name: String) throws {
        let light = try Self.lightOnThePerson(name, scenario: 2) { grid, matte, random in
            StudioCity.lights(grid: grid, fromHue: 318, toHue: 188, clearOf: matte, random: &random)
        }
        #expect(light.clear == 0, "\(name): \(light.clear) of the lights' light on the person")
        #expect(light.anywhere > 0, "\(name): placed anywhere, no disc fell on the person: the test shows nothing")
    }

    @Test(arguments: [-1.0, 1.0])
    func theSunlitLeavesStayOffThePerson(keySide: Double) throws {
        let light = try Self.lightOnThePerson("obama-1.jpg", scenario: 1) { grid, matte, random in
            StudioSurroundings.bokeh(grid: grid, keySide: keySide, hueShift: 0, clearOf: matte, random: &random)
        }
        #expect(light.clear == 0, "\(light.clear) of the leaves' light on the person")
        #expect(light.anywhere > 0, "placed anywhere, no disc fell on the person: the test shows nothing")
    }

    @Test(arguments: [-1.0, 1.0])
    func theDeskLampsGlowStaysOffThePerson(side: Double) throws {
        // Wide enough for the lamp to fall on the person: biden-1's shoulders fill the frame's middle.
        let light = try Self.lightOnThePerson("biden-1.jpg", scenario: 4) { grid, matte, random in
            StudioWorkspace.lamp(grid: grid, side: side, clearOf: matte, random: &random)
        }
        #expect(light.clear == 0, "\(light.clear) of the lamp's light on the person")
        #expect(light.anywhere > 0, "placed anywhere, no disc fell on the person: the test shows nothing")
    }
}
