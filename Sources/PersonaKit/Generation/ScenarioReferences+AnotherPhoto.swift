extension ScenarioReferences {
    /// The references of a regeneration asked for "another photo": the one cast for the scenario
    /// first (a generative model still sees it), then the persona's other references, leaving
    /// out the photo the portrait shows now (`leaving`) and, while any other is left, the photos
    /// other portraits show (`inUse`): the renderer only knows its request, and without this it
    /// could make the casual portrait from the photo the headshot already shows. Only photos that
    /// frame the scenario (`ScenarioCasting.framable`) and have the detail to lead it
    /// (`ScenarioCasting.hasDetail`) while any does, as the renderer would choose. When the cast
    /// photo is the only other one (the portrait shows another already), the photo shown leads
    /// and the cast one follows, so the renderer, which takes the second for "another photo",
    /// goes back to it. For the headshot and the close-up, no mirror image of another reference
    /// while another photo is left (`ScenarioCasting.avoidsMirrorImages`). Nil when the persona
    /// has no other photo. `pending` are the photos portraits
    /// still being made may show (their photo is known only once made). While another is left,
    /// a pending photo is avoided most, then the shown photo's mirror image
    /// (`ReferencePhoto.mirrors`), then a photo in use or its mirror image.
    public static func anotherPhoto(
        for scenario: PortraitScenario, cast: ReferencePhoto, pool: [ReferencePhoto], leaving: Set<String>,
        inUse: Set<String>, pending: Set<String> = []
    ) -> [ReferencePhoto]? {
        let others = pool.filter { $0.location != cast.location && !leaving.contains($0.location) }
        guard !others.isEmpty else {
            guard !leaving.contains(cast.location), let shown = pool.first(where: { leaving.contains($0.location) })
            else { return nil }
            return [shown, cast]
        }
        let framed = ScenarioCasting.framable(others, for: scenario)
        let sharpest = ScenarioCasting.sharpest([cast] + others, for: scenario)
        let detailed = framed.filter { ScenarioCasting.hasDetail($0.resolution, for: scenario, sharpest: sharpest) }
        let usable = detailed.isEmpty ? framed : detailed
        // The first tier with a photo wins: one nobody shows or may show, nor its mirror image;
        // then one another portrait shows, or its mirror image (the photo shown, flipped, is the
        // same shot to the person who asked for another); then that mirror image; then a pending
        // one (two asked together should part); then any.
        let shown = pool.filter { leaving.contains($0.location) }
        let used = pool.filter { inUse.contains($0.location) }
        let mirrors = { (photos: [ReferencePhoto], photo: ReferencePhoto) in photos.contains { $0.mirrors(photo) } }
        let free = { (photo: ReferencePhoto) in !inUse.contains(photo.location) && !mirrors(used, photo) }
        let unclaimed = { (photo: ReferencePhoto) in !pending.contains(photo.location) }
        let differs = { (photo: ReferencePhoto) in !mirrors(shown, photo) }
        let tiers: [(ReferencePhoto) -> Bool] = [
            { free($0) && unclaimed($0) && differs($0) }, { unclaimed($0) && differs($0) }, unclaimed,
            { !inUse.contains($0.location) },
        ]
        let candidates = tiers.lazy.map { usable.filter($0) }.first { !$0.isEmpty } ?? usable
        // Nor, for the headshot and the close-up, a mirror image while another photo is left.
        let asTaken = candidates.filter { $0.isMirrorImage != true }
        let chosen = ScenarioCasting.avoidsMirrorImages(scenario) && !asTaken.isEmpty ? asTaken : candidates
        return [cast] + choose(for: scenario, from: chosen, count: allowedCount.upperBound - 1)
    }
}
