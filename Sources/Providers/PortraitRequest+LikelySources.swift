import PersonaKit

extension PortraitRequest {
    /// The references the portrait made for this request most likely shows, before it is made,
    /// as the offline studio chooses (`StudioPlan.make`): asked for another photo, any but the
    /// first (it picks among the others by the seed); else the first, the one cast for the
    /// scenario, which leads unless it cannot be used. What "another photo" avoids while another
    /// portrait is still being made (`ScenarioReferences.anotherPhoto`'s `pending`).
    public var likelySources: [ReferencePhoto] {
        PortraitRefinement(instruction).otherPhoto && references.count > 1
            ? Array(references.dropFirst()) : Array(references.prefix(1))
    }
}
