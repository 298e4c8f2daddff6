extension PortraitScenario {
    /// The most the local studio tightens this scenario's framing (`PortraitFramingRules`).
    public var maxTightening: Double { PortraitFramingRules.maxZoom(forEyeDistance: framedEyeDistance) }

    /// The least the local studio must tighten this scenario's framing of `reference` to keep
    /// its photo's bottom edge below the picture's: 1 when the photo reaches far enough below the
    /// eyes (`ReferencePhoto.roomBelowEyes`) or its size is unknown. It follows the framing's
    /// rules (tightening step by step, the eyes moved down to keep the headroom) for the bottom
    /// edge alone: a photo too narrow for the body below the face is tightened further still
    /// (obama-2, rose-leslie-2), which this leaves out, so it is a lower bound (of the framing
    /// without the seed's small offsets). A photo whose bottom edge no tightening hides (a face
    /// that ends at the chin) gets 1: the framing then settles on the zoom that shows the fewest
    /// edges, which this does not foresee, and the face-only cost already counts against it.
    /// `FramingEstimateTests` holds it to the framing itself on the shared photos.
    public func tightening(for reference: ReferencePhoto) -> Double {
        guard let room = reference.roomBelowEyes, room > 0 else { return 1 }
        let (eyeY, distance) = (framedEyeY, framedEyeDistance)
        let headroom = min(eyeY / distance, PortraitFramingRules.headroom)
        var zoom = 1.0
        while zoom <= maxTightening + 0.001 {  // the framing's own steps, its limit included
            let eyes = max(eyeY, min(PortraitFramingRules.lowestEyeY, headroom * distance * zoom))
            if (1 - eyes) / (distance * zoom) <= room { return zoom }
            zoom += PortraitFramingRules.zoomStep
        }
        return 1
    }

    /// How many times, at least, this scenario's portrait enlarges `reference`'s face: the
    /// detail it shows, tightened as the photo's bottom edge requires, over the detail the photo
    /// has. Under 1 when the photo has more than the portrait shows.
    public func enlargement(of reference: ReferencePhoto) -> Double {
        guard reference.resolution > 0 else { return .infinity }
        return detailShown * tightening(for: reference) / reference.resolution
    }
}
