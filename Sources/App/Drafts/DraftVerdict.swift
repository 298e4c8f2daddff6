import Fluent
import PersonaKit
import Vapor

/// A draft's set as the capture page needs it: each photo's own verdict and the set's, with what
/// still stands between the set and a build. Descriptors never appear here.
struct DraftVerdict: Content {
    struct Photo: Content {
        let id: UUID
        let url: String
        let fileName: String
        /// What the page sent as `uploadToken` with this photo, if anything.
        let uploadToken: String?
        let fileSize: Int
        /// False only for a photo that could not be analysed (such a file is refused, so rare).
        let ok: Bool
        let error: PhotoIssueBody?
        let faces: Int
        /// 0–1 scores; null without a face.
        let quality: PhotoQuality?
        /// The photo's own issues and the set's (`different_person`, `duplicate`).
        let issues: [PhotoIssueBody]
        let usable: Bool
        let isReference: Bool
        let duplicateOf: UUID?
        let otherPerson: Bool

        enum CodingKeys: String, CodingKey {
            case id, url, fileName, uploadToken, fileSize, ok, error, faces, quality, issues, usable, isReference,
                duplicateOf,
                otherPerson
        }

        // Written out so that absent values say `null`.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(url, forKey: .url)
            try c.encode(fileName, forKey: .fileName)
            try c.encode(uploadToken, forKey: .uploadToken)
            try c.encode(fileSize, forKey: .fileSize)
            try c.encode(ok, forKey: .ok)
            try c.encode(error, forKey: .error)
            try c.encode(faces, forKey: .faces)
            try c.encode(quality, forKey: .quality)
            try c.encode(issues, forKey: .issues)
            try c.encode(usable, forKey: .usable)
            try c.encode(isReference, forKey: .isReference)
            try c.encode(duplicateOf, forKey: .duplicateOf)
            try c.encode(otherPerson, forKey: .otherPerson)
        }
    }

    struct Duplicate: Content {
        let photoId: UUID
        let of: UUID
    }

    let personaId: UUID
    let name: String
    let description: String
    let photoCount: Int
    let usablePhotos: Int
    let required: Int
    let maximum: Int
    let canBuild: Bool
    let analysisQuality: String
    let consistencyScore: Double
    /// Photo ids, best first: the references a build would use now.
    let references: [UUID]
    let duplicates: [Duplicate]
    let otherPeople: [UUID]
    /// Photos that may not be the person (`uncertain_identity`): "is this you?".
    let uncertain: [UUID]
    /// When the photos show two people about equally: each group's photo ids. The user says which
    /// is them by removing the other's photos; until then the draft cannot be built.
    let ambiguousGroups: [[UUID]]?
    /// What stands between this set and a build, in plain words; empty when it can be built.
    let missing: [String]
    /// What would make the set better without blocking a build.
    let advice: [String]
    let photos: [Photo]

    enum CodingKeys: String, CodingKey {
        case personaId, name, description, photoCount, usablePhotos, required, maximum, canBuild, analysisQuality,
            consistencyScore, references, duplicates, otherPeople, uncertain, ambiguousGroups, missing, advice, photos
    }

    // Written out so that a set that is not ambiguous says `ambiguousGroups: null`.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(personaId, forKey: .personaId)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(photoCount, forKey: .photoCount)
        try c.encode(usablePhotos, forKey: .usablePhotos)
        try c.encode(required, forKey: .required)
        try c.encode(maximum, forKey: .maximum)
        try c.encode(canBuild, forKey: .canBuild)
        try c.encode(analysisQuality, forKey: .analysisQuality)
        try c.encode(consistencyScore, forKey: .consistencyScore)
        try c.encode(references, forKey: .references)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(otherPeople, forKey: .otherPeople)
        try c.encode(uncertain, forKey: .uncertain)
        try c.encode(ambiguousGroups, forKey: .ambiguousGroups)
        try c.encode(missing, forKey: .missing)
        try c.encode(advice, forKey: .advice)
        try c.encode(photos, forKey: .photos)
    }

    init(persona: Persona, photos: DraftPhotos, set: SetAnalysis, signer: MediaSigner) {
        let ids = photos.ids
        let idByName = Dictionary(
            zip(set.photos.map(\.file), ids).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary(uniqueKeysWithValues: zip(ids, set.photos.map(\.file)))
        let references = Set(set.referenceIndices)
        var verdicts: [Photo] = []
        for (i, (image, photo)) in zip(photos.images, set.photos).enumerated() {
            let duplicateOf = photo.duplicateOf.flatMap { idByName[$0] }
            verdicts.append(
                Photo(
                    id: ids[i], url: signer.url(for: ids[i]), fileName: image.metadata.fileName ?? "photo",
                    uploadToken: image.metadata.uploadToken,
                    fileSize: image.uploadedFileSize, ok: photo.ok,
                    error: photo.error.map { PhotoIssueBody(code: $0.code, message: $0.message) },
                    faces: photo.faceCount,
                    quality: photo.embedding == nil ? nil : PersonaStore.quality(photo),
                    issues: photo.issues.map { PhotoIssueBody(code: $0.code.rawValue, message: $0.message) },
                    usable: set.isUsable(i), isReference: references.contains(i), duplicateOf: duplicateOf,
                    otherPerson: photo.has(.differentPerson)))
        }
        personaId = persona.id!
        name = persona.name
        description = persona.description
        photoCount = verdicts.count
        usablePhotos = set.usableCount
        required = PersonaIntake.minPhotos
        maximum = PersonaIntake.maxPhotos
        canBuild = set.canBuild
        analysisQuality = set.analysisQuality.rawValue
        consistencyScore = (set.consistencyScore * 1000).rounded() / 1000
        self.references = set.referenceIndices.map { ids[$0] }
        duplicates = verdicts.compactMap { photo in photo.duplicateOf.map { Duplicate(photoId: photo.id, of: $0) } }
        otherPeople = verdicts.filter(\.otherPerson).map(\.id)
        uncertain = verdicts.filter { $0.issues.contains { $0.code == IssueCode.uncertainIdentity.rawValue } }.map(\.id)
        ambiguousGroups = set.ambiguousGroups.map { $0.map { $0.map { ids[$0] } } }
        // Two people about equally: who is the user comes first; counting usable photos waits.
        missing =
            set.ambiguousGroups == nil
            ? Self.missing(
                usable: set.usableCount, count: verdicts.count, copies: verdicts.filter { $0.duplicateOf != nil }.count)
            : ["Your photos show two different people, about as many of each: keep only the photos of you."]
        advice = Self.advice(verdicts, names: names, usable: set.usableCount)
        self.photos = verdicts
    }

    /// What keeps the set from a build. With copies in the set, the line says why adding another
    /// edit of the same picture won't help: a user with two photos and their crops was left at
    /// "4 usable of 5" without knowing a different picture (or the camera) is what counts.
    static func missing(usable: Int, count: Int, copies: Int = 0) -> [String] {
        let needed = PersonaIntake.minPhotos - usable
        guard needed > 0 else { return [] }
        if count == 0 { return ["Add at least \(PersonaIntake.minPhotos) photos of yourself."] }
        let line =
            "Add \(needed) more usable photo\(needed == 1 ? "" : "s"): \(PersonaIntake.minPhotos) are needed and \(usable) \(usable == 1 ? "is" : "are") usable so far."
        guard copies > 0 else { return [line] }
        // A line of its own: the first is the build button's hint, which a phone's action bar
        // shows whole. ("Rotated", not "turned": a mirror image does count while the set is short.)
        return [
            line,
            "Cropped, rotated or brightened copies of a photo you already added don't count: choose a different picture or take one with the camera.",
        ]
    }

    static func advice(_ photos: [Photo], names: [UUID: String], usable: Int) -> [String] {
        var advice: [String] = []
        let others = photos.filter(\.otherPerson)
        if !others.isEmpty {
            advice.append(
                "\(others.map { names[$0.id]! }.joined(separator: ", ")) \(others.count == 1 ? "looks" : "look") like someone else. Remove \(others.count == 1 ? "it" : "them") so your persona looks only like you."
            )
        }
        let unsure = photos.filter { $0.issues.contains { $0.code == IssueCode.uncertainIdentity.rawValue } }
        if !unsure.isEmpty {
            advice.append(
                "Is \(unsure.map { names[$0.id]! }.joined(separator: ", ")) you? \(unsure.count == 1 ? "It looks" : "They look") a little different from your other photos; remove \(unsure.count == 1 ? "it" : "them") if not."
            )
        }
        for photo in photos {
            if let of = photo.duplicateOf, let original = names[of] {
                advice.append("\(names[photo.id]!) is the same picture as \(original). Remove one of them.")
            }
        }
        if usable >= PersonaIntake.minPhotos && usable < AnalysisThresholds.standard.referenceCount {
            advice.append(
                "One more good photo from another angle gives the portraits a full set of \(AnalysisThresholds.standard.referenceCount) references."
            )
        }
        return advice
    }
}
