import Testing

/// Each scenario from the photo cast for it (ScenarioCasting), for a persona made from
/// `TestPhotos.obamaSet()`: the six references give at least four different sources, and dynamic
/// action the face labelled most animated (obama-2, speaking with the mouth wide open; or its
/// mirror image). The mirror images lead neither the headshot nor the close-up, where a flip
/// shows most (`ScenarioCasting.mirrorCost`).
func expectCastFromTheObamaSet(
    photos: [PersonaDetail.Photo], portraits: [PersonaDetail.Portrait],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let names = Dictionary(uniqueKeysWithValues: photos.map { ($0.id, $0.fileName ?? "") })
    let sources = portraits.map { $0.sourcePhotoId.value.flatMap { names[$0] } }
    #expect(sources.allSatisfy { $0 != nil }, "\(sources)", sourceLocation: sourceLocation)
    #expect(Set(sources.compactMap { $0 }).count >= 4, "\(sources)", sourceLocation: sourceLocation)
    #expect(
        ["obama-2.jpg", "mirrored-obama-2.jpg"].contains(sources[2] ?? ""), "\(sources)", sourceLocation: sourceLocation
    )
    #expect(
        [sources[0], sources[3]].allSatisfy { $0?.hasPrefix("mirrored-") == false }, "\(sources)",
        sourceLocation: sourceLocation)
}
