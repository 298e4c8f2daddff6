import Foundation
import PersonaKit

/// What the renderer composes for one request: which reference lends the face, and the style.
/// Each has its own seeded stream, so trying every reference's framing does not change the draws.
struct StudioPlan {
    let referenceIndex: Int
    let style: StudioStyle
    /// Canvas pixels per pixel of the original photo, so it can be decoded no larger than needed.
    let scale: Double
    /// The stream for the rendering's own choices (bokeh and the like).
    let random: SeededGenerator

    /// The first reference, the one cast for the scenario (`ScenarioCasting`), when it is a
    /// candidate (readable, with the detail to lead it: `ScenarioCasting.hasDetail`), unless it
    /// ends at the chin and another photo frames more cleanly. Otherwise the candidate whose photo
    /// frames best: the fewest photo edges in sight, then the least tightening, the seed picking
    /// among those that frame about as well. `sizes` holds each reference photo's upright size,
    /// nil when it could not be read.
    static func make(for request: PortraitRequest, sizes: [(width: Int, height: Int)?], longSide: Int = 1024)
        -> StudioPlan?
    {
        let base = request.seed ^ (UInt64(request.scenario.index + 1) &* 0x9E37_79B9_7F4A_7C15)
        let styles = SeededGenerator(seed: base)
        let renders = SeededGenerator(seed: base ^ 0x5DEE_CE66_D1CE_4E5B)
        var picks = SeededGenerator(seed: base ^ 0x2545_F491_4F6C_DD1D)
        let refinement = PortraitRefinement(request.instruction)
        let (width, height) = request.scenario.pixelSize(longSide: longSide)
        let references = request.references
        let resolution = references.map(\.resolution)
        let readable = zip(references, sizes).filter { $0.1 != nil }.map(\.0)
        let sharpest = ScenarioCasting.sharpest(readable, for: request.scenario)
        var candidates: [(index: Int, style: StudioStyle, uncovered: Int, zoom: Double, scale: Double)] = []
        for (i, reference) in references.enumerated() {
            guard let size = sizes[i], sharpest > 0,
                ScenarioCasting.hasDetail(resolution[i], for: request.scenario, sharpest: sharpest)
            else { continue }
            var random = styles
            var style = StudioStyle.make(
                for: request.scenario, yaw: reference.pose.yaw, instruction: refinement.dials, random: &random)
            style.apply(refinement)
            style.litFromBehind = ScenarioCasting.isBacklit(i, references)
            let framing = StudioFraming(
                landmarks: reference.landmarks, yaw: reference.pose.yaw, sourceWidth: size.width,
                sourceHeight: size.height, style: style, canvasWidth: width, canvasHeight: height)
            candidates.append((i, style, framing.uncovered, framing.zoom, framing.scale))
        }
        guard let best = candidates.min(by: { ($0.uncovered, $0.zoom) < ($1.uncovered, $1.zoom) }) else { return nil }
        let good = candidates.filter { $0.uncovered == best.uncovered && $0.zoom <= best.zoom + 0.15 }
        let pick = good[picks.index(below: good.count)]
        // The reference cast for this scenario leads whenever it can be used, unless it ends at
        // the chin and its photo's edges would show where another photo's do not (a face-only
        // crop left floating on the backdrop, its body ending in mid-air).
        let cast = candidates.first { $0.index == 0 }.flatMap {
            $0.uncovered > best.uncovered && !references[0].showsShoulders ? nil : $0
        }
        // Asked for another photo, one of the other usable ones leads, the seed (new with each
        // regeneration) choosing which, so asking twice can give a third; for a portrait wider
        // than the close-up one with the shoulders, while any can (asked so, a tester's casual
        // portrait became a face-only selfie's patch).
        let allOthers = candidates.filter { $0.index != 0 }
        let framable = Set(
            ScenarioCasting.framable(allOthers.map { references[$0.index] }, for: request.scenario).map(\.location))
        let others = allOthers.filter { framable.contains(references[$0.index].location) }
        let chosen =
            refinement.otherPhoto && !others.isEmpty
            ? others[picks.index(below: others.count)] : cast ?? pick
        return StudioPlan(referenceIndex: chosen.index, style: chosen.style, scale: chosen.scale, random: renders)
    }
}
