extension PortraitRequest {
    /// The same request with the reference at `location` moved last, so the next one leads: the
    /// offline studio composes the leading photo's own face, so a retry of a portrait whose face
    /// failed the likeness check must start from another photo, not recompose the same one.
    /// Unchanged when it is the only reference or not among them.
    public func leading(awayFrom location: String) -> PortraitRequest {
        guard references.count > 1, let index = references.firstIndex(where: { $0.location == location }) else {
            return self
        }
        var reordered = references
        reordered.append(reordered.remove(at: index))
        return PortraitRequest(scenario: scenario, references: reordered, seed: seed, instruction: instruction)
    }
}
