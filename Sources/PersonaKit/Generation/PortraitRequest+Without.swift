extension PortraitRequest {
    /// The same request without the reference at `location`: the offline studio composes one
    /// photo's own face, so a retry of a portrait whose face failed the likeness check must not be
    /// able to compose that photo again, whichever photo the studio would otherwise fall back on
    /// (the next one too small, or "another photo" asked). Retries build on the request before
    /// them, so each failed photo stays out. Unchanged when it is the only reference left or not
    /// among them.
    public func without(_ location: String) -> PortraitRequest {
        guard references.count > 1, references.contains(where: { $0.location == location }) else { return self }
        return PortraitRequest(
            scenario: scenario, references: references.filter { $0.location != location }, seed: seed,
            instruction: instruction)
    }
}
