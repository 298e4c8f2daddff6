extension StudioBackdrop.Kind {
    /// The hues a city's or a gradient's sky moves towards with the warmth dial: a dusk's pink and
    /// amber (warmer) or a blue hour's blues (cooler).
    static let warmHues = (from: 345.0, to: 395.0)
    static let coolHues = (from: 205.0, to: 235.0)

    /// Warmer or cooler by `steps` (the warmth dial, ±2): a city's or a gradient's hues move 60 %
    /// of the way to `warmHues` or `coolHues` a step. The grade's gains, all "warmer" did before,
    /// barely move a saturated magenta and cyan: a tester asked for warmer light on a city and saw
    /// the person warm and the city not. Other backdrops are left to the grade: the studio grey,
    /// the dark one and the office are neutral or warm already, and a colour asked by name stays.
    func warmed(by steps: Double) -> Self {
        guard steps != 0 else { return self }
        let share = min(1, 0.6 * abs(steps))
        let target = steps > 0 ? Self.warmHues : Self.coolHues
        func moved(_ from: Double, _ to: Double) -> (Double, Double) {
            (from + (target.from - from) * share, to + (target.to - to) * share)
        }
        switch self {
        case .city(let from, let to):
            let (a, b) = moved(from, to)
            return .city(fromHue: a, toHue: b)
        case .gradient(let from, let to):
            let (a, b) = moved(from, to)
            return .gradient(fromHue: a, toHue: b)
        default:
            return self
        }
    }
}
