extension ScenarioReferences {
    /// The references of a regeneration asked for "another photo": the one cast for the scenario
    /// first (a generative model still sees it), then the persona's other references, leaving
    /// out the photo the portrait shows now (`leaving`) and, while any other is left, the photos
    /// other portraits show (`inUse`): the renderer only knows its request, and without this it
    /// could make the casual portrait from the photo the headshot already shows. For a scenario
    /// wider than the close-up, photos that show the shoulders come first, as in the renderer's
    /// own choice. Nil when the persona has no other photo.
    public static func anotherPhoto(
        for scenario: PortraitScenario, cast: ReferencePhoto, pool: [ReferencePhoto], leaving: Set<String>,
        inUse: Set<String>
    ) -> [ReferencePhoto]? {
        let others = pool.filter { $0.location != cast.location && !leaving.contains($0.location) }
        let framed =
            !scenario.isCloseUp && others.contains(where: \.showsShoulders) ? others.filter(\.showsShoulders) : others
        let free = framed.filter { !inUse.contains($0.location) }
        let chosen = free.isEmpty ? framed : free
        guard !chosen.isEmpty else { return nil }
        return [cast] + choose(for: scenario, from: chosen, count: allowedCount.upperBound - 1)
    }
}
