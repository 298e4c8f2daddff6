import Faces
import Fluent
import Imaging
import PersonaKit
import Vapor

/// Stores an accepted persona: images first, then every row in one transaction; on any failure the
/// images written so far are removed. Then starts its five portrait jobs.
struct PersonaStore {
    let services: InflioServices
    let db: any Database
    let user: AuthenticatedUser

    func save(
        name: String, description: String, set: SetAnalysis, stored: [ImageSanitizer.Stored], identity: FaceEmbedding
    ) async throws -> Persona {
        let personaID = UUID()
        let folder = "personas/\(personaID.uuidString.lowercased())"
        let references = Set(set.referenceIndices)
        do {
            var images: [PersonaImage] = []
            var referencePhotos: [ReferencePhoto] = []
            for (i, photo) in set.photos.enumerated() {
                let imageID = UUID()
                let key = "\(folder)/photos/\(imageID.uuidString.lowercased()).jpg"
                try await services.blobs.put(stored[i].jpeg, at: key)
                let geometry = Self.geometry(photo, storedWidth: stored[i].width)
                images.append(
                    PersonaImage(
                        id: imageID, personaID: personaID, userID: user.id,
                        imageURL: MediaPath(imageID: imageID).description,
                        fileSize: stored[i].jpeg.count,
                        metadata: PersonaImageMetadata(
                            type: .userUpload, storageKey: key, contentType: "image/jpeg", width: stored[i].width,
                            height: stored[i].height,
                            fileName: photo.file,
                            quality: PhotoQuality(
                                lighting: photo.quality.lighting, clarity: photo.quality.clarity,
                                angle: photo.quality.angle, overall: photo.quality.overall),
                            issues: photo.issues.map { PhotoIssueBody(code: $0.code.rawValue, message: $0.message) },
                            isReference: references.contains(i), reference: geometry)))
                if references.contains(i), let geometry {
                    referencePhotos.append(
                        ReferencePhoto(
                            location: key, face: geometry.face, landmarks: geometry.landmarks, pose: geometry.pose))
                }
            }
            // Reference order: as selected (best first).
            let order = set.referenceIndices.map { images[$0].metadata.storageKey }
            referencePhotos.sort { order.firstIndex(of: $0.location)! < order.firstIndex(of: $1.location)! }

            let persona = Persona(
                id: personaID, userID: user.id, name: name, description: description, status: .generating,
                metadata: PersonaMetadata(
                    photoCount: images.count, photoUrls: images.map(\.imageURL),
                    referencePhotoUrls: set.referenceIndices.map { images[$0].imageURL }, portraitUrls: [],
                    analysisQuality: set.analysisQuality.rawValue, consistencyScore: set.consistencyScore,
                    photoConsistencyScore: set.consistencyScore, usablePhotos: set.usableCount,
                    provider: services.provider.name))
            persona.identity = IdentityCodec.encode(identity)
            let jobs = try PortraitScenario.all.map { scenario in
                GenerationJob(
                    personaID: personaID, userID: user.id, scenarioIndex: scenario.index, attempt: 1, retriesLeft: 1,
                    provider: services.provider.name,
                    request: try PortraitGenerator.encode(
                        PortraitRequest(
                            scenario: scenario,
                            references: ScenarioReferences.choose(for: scenario, from: referencePhotos),
                            seed: Self.seed(personaID, scenario.index))))
            }
            let rows = images
            try await db.transaction { db in
                try await persona.create(on: db)
                for image in rows { try await image.create(on: db) }
                for job in jobs { try await job.create(on: db) }
                // A user's first persona is their default: the one content is made from.
                let profile =
                    try await UserProfile.query(on: db).filter(\.$userID == user.id).first()
                    ?? UserProfile(userID: user.id, defaultPersonaID: nil)
                if profile.defaultPersonaID == nil {
                    profile.defaultPersonaID = personaID
                    try await profile.save(on: db)
                }
            }
            try await services.events.publish(
                "analysis_done", personaID: personaID,
                data: .object([
                    "photoCount": .number(Double(images.count)), "usablePhotos": .number(Double(set.usableCount)),
                    "analysisQuality": .string(set.analysisQuality.rawValue),
                    "consistencyScore": .number((set.consistencyScore * 1000).rounded() / 1000),
                    "referencePhotos": .number(Double(referencePhotos.count)),
                ]), on: db)
            for job in jobs { services.generator.schedule(try job.requireID()) }
            return persona
        } catch {
            try? await services.blobs.deleteAll(under: folder)
            throw error
        }
    }

    /// Removes a persona: its rows (in one transaction), then its image files, and ends its event
    /// streams. The cost ledger is accounting and stays.
    static func delete(_ persona: Persona, services: InflioServices, db: any Database) async throws {
        let id = try persona.requireID()
        try await db.transaction { db in
            try await PersonaEvent.query(on: db).filter(\.$persona.$id == id).delete()
            try await GenerationJob.query(on: db).filter(\.$persona.$id == id).delete()
            try await PersonaImage.query(on: db).filter(\.$persona.$id == id).delete()
            try await UserProfile.query(on: db).filter(\.$defaultPersonaID == id).set(\.$defaultPersonaID, to: nil)
                .update()
            try await persona.delete(on: db)
        }
        try await services.blobs.deleteAll(under: "personas/\(id.uuidString.lowercased())")
        services.events.close(personaID: id)
    }

    /// The analysis measured the face in original pixels; the stored copy may be smaller.
    static func geometry(_ photo: PhotoAnalysis, storedWidth: Int) -> ReferenceGeometry? {
        guard let face = photo.face, let landmarks = photo.landmarks, let pose = photo.pose, photo.width > 0 else {
            return nil
        }
        let scale = Double(storedWidth) / Double(photo.width)
        return ReferenceGeometry(face: face.scaled(by: scale), landmarks: landmarks.scaled(by: scale), pose: pose)
    }

    /// A per-persona, per-scenario seed: reproducible from the persona's id.
    static func seed(_ personaID: UUID, _ index: Int) -> UInt64 {
        let bytes = withUnsafeBytes(of: personaID.uuid) { Array($0) }
        let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return high ^ (UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15)
    }
}
