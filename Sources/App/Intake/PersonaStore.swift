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
        name: String, description: String, set: SetAnalysis, stored: [ImageSanitizer.Stored], identity: PersonaIdentity
    ) async throws -> Persona {
        let personaID = UUID()
        let persona = Persona(
            id: personaID, userID: user.id, name: name, description: description, status: .pendingUpload,
            stage: .uploading,
            metadata: PersonaMetadata(
                photoCount: 0, photoUrls: [], referencePhotoUrls: [], portraitUrls: [], analysisQuality: "",
                consistencyScore: 0))
        let start: Start
        do {
            var images: [PersonaImage] = []
            for (i, photo) in set.photos.enumerated() {
                images.append(try await storePhoto(stored[i], fileName: photo.file, personaID: personaID))
            }
            start = try prepareStart(persona, images: images, set: set, identity: identity)
            try await db.transaction { db in
                try await start.reserveQuota(services: services, on: db)
                try await persona.create(on: db)
                for image in start.images { try await image.create(on: db) }
                try await start.save(on: db)
            }
        } catch {
            // Nothing was committed: the files written so far go too.
            try? await services.blobs.deleteAll(under: Self.folder(personaID))
            throw error
        }
        // Committed: from here on the files belong to a stored persona, whatever happens.
        try await start.launch(services: services, db: db)
        return persona
    }

    static func folder(_ personaID: UUID) -> String { "personas/\(personaID.uuidString.lowercased())" }

    /// Writes a sanitised upload's file and returns its (unsaved) row, judged on its own: the set's
    /// verdict (references, duplicates, other people) is added by `prepareStart`.
    func storePhoto(
        _ stored: ImageSanitizer.Stored, fileName: String, personaID: UUID, analysis: PhotoAnalysis? = nil,
        uploadToken: String? = nil
    ) async throws -> PersonaImage {
        let imageID = UUID()
        let key = "\(Self.folder(personaID))/photos/\(imageID.uuidString.lowercased()).jpg"
        try await services.blobs.put(stored.jpeg, at: key)
        return PersonaImage(
            id: imageID, personaID: personaID, userID: user.id, imageURL: MediaPath(imageID: imageID).description,
            fileSize: stored.jpeg.count,
            metadata: PersonaImageMetadata(
                type: .userUpload, storageKey: key, contentType: "image/jpeg", width: stored.width,
                height: stored.height, fileName: fileName, uploadToken: uploadToken, uploadedSize: stored.uploadedSize,
                quality: analysis.map { Self.quality($0) },
                issues: analysis.map { $0.issues.map { PhotoIssueBody(code: $0.code.rawValue, message: $0.message) } },
                isReference: analysis == nil ? nil : false))
    }

    static func quality(_ photo: PhotoAnalysis) -> PhotoQuality {
        PhotoQuality(
            lighting: photo.quality.lighting, clarity: photo.quality.clarity, angle: photo.quality.angle,
            overall: photo.quality.overall)
    }

    /// What starting generation writes, decided before any write: each photo row's final verdict
    /// (issues, reference, face geometry), the persona's metadata and identity, its five jobs.
    /// `images` and `set.photos` are in the same order.
    struct Start {
        let persona: Persona
        let images: [PersonaImage]
        let jobs: [GenerationJob]
        let userID: String
        let event: PersonaEvent

        /// In the caller's transaction, before its writes: refuses when the user's (or the
        /// instance's) quotas cannot take five more portraits of a new persona.
        func reserveQuota(services: InflioServices, on db: any Database) async throws {
            let requests = try jobs.map { try JSONDecoder().decode(PortraitRequest.self, from: Data($0.request.utf8)) }
            try await services.quotas.reserve(user: userID, portraits: requests, newPersona: true, on: db)
        }

        /// In the caller's transaction: the persona (already created) turns `analyzing`, stage `generating`.
        func save(on db: any Database) async throws {
            try await persona.save(on: db)
            for image in images { try await image.save(on: db) }
            for job in jobs { try await job.create(on: db) }
            // A user's first persona is their default: the one content is made from.
            try await UserProfile.adoptDefaultIfUnset(try persona.requireID(), userID: userID, on: db)
        }

        /// After the commit: the analysis event, and the jobs handed to the generator.
        func launch(services: InflioServices, db: any Database) async throws {
            try await services.events.publish(event, personaID: try persona.requireID(), on: db)
            for job in jobs { services.generator.schedule(try job.requireID()) }
        }
    }

    func prepareStart(_ persona: Persona, images: [PersonaImage], set: SetAnalysis, identity: PersonaIdentity) throws
        -> Start
    {
        let personaID = try persona.requireID()
        let references = Set(set.referenceIndices)
        var referencePhotos: [ReferencePhoto] = []
        for (i, photo) in set.photos.enumerated() {
            let image = images[i]
            let geometry = Self.geometry(photo, storedWidth: image.metadata.width)
            image.metadata.quality = Self.quality(photo)
            image.metadata.issues = photo.issues.map { PhotoIssueBody(code: $0.code.rawValue, message: $0.message) }
            image.metadata.isReference = references.contains(i)
            image.metadata.reference = geometry
            if let reference = image.referencePhoto { referencePhotos.append(reference) }
        }
        // Reference order: as selected (best first).
        let order = set.referenceIndices.map { images[$0].metadata.storageKey }
        referencePhotos.sort { order.firstIndex(of: $0.location)! < order.firstIndex(of: $1.location)! }

        persona.move(to: .analyzing, .generating)
        persona.metadata = PersonaMetadata(
            photoCount: images.count, photoUrls: images.map(\.imageURL),
            referencePhotoUrls: set.referenceIndices.map { images[$0].imageURL }, portraitUrls: [],
            analysisQuality: set.analysisQuality.rawValue, consistencyScore: set.consistencyScore,
            photoConsistencyScore: set.consistencyScore, usablePhotos: set.usableCount,
            provider: services.provider.name)
        persona.identity = IdentityCodec.encode(identity)
        // One photo cast for each scenario, the five chosen together so they differ.
        let leads = ScenarioCasting.leads(for: referencePhotos)
        let jobs = try PortraitScenario.all.map { scenario in
            GenerationJob(
                personaID: personaID, userID: user.id, scenarioIndex: scenario.index, attempt: 1,
                retriesLeft: PortraitRules.automaticRetries,
                provider: services.provider.name,
                request: try PortraitGenerator.encode(
                    PortraitRequest(
                        scenario: scenario,
                        references: ScenarioReferences.choose(
                            for: scenario, from: referencePhotos, lead: leads.isEmpty ? 0 : leads[scenario.index]),
                        seed: Self.seed(personaID, scenario.index))))
        }
        let event = PersonaEvent.analysisDone(
            .init(
                photoCount: images.count, usablePhotos: set.usableCount,
                analysisQuality: set.analysisQuality.rawValue, consistencyScore: set.consistencyScore,
                referencePhotos: referencePhotos.count))
        return Start(persona: persona, images: images, jobs: jobs, userID: user.id, event: event)
    }

    /// Removes a persona: its rows (in one transaction), then its image files, and ends its event
    /// streams. The cost ledger is accounting and stays.
    /// `onlyIf`, run first in the transaction, may call the deletion off (returns false): the
    /// draft clean-up checks there, under a lock, that the draft is still an abandoned one.
    @discardableResult
    static func delete(
        _ persona: Persona, services: InflioServices, db: any Database,
        onlyIf: (@Sendable (any Database) async throws -> Bool)? = nil
    ) async throws -> Bool {
        let id = try persona.requireID()
        let deleted = try await db.transaction { db -> Bool in
            if let onlyIf, try await !onlyIf(db) { return false }
            try await DesignStore.deleteRows(ofPersona: id, on: db)
            try await PersonaEventRecord.query(on: db).filter(\.$persona.$id == id).delete()
            try await GenerationJob.query(on: db).filter(\.$persona.$id == id).delete()
            try await PhotoAnalysisRecord.query(on: db).filter(\.$persona.$id == id).delete()
            try await PersonaImage.query(on: db).filter(\.$persona.$id == id).delete()
            try await UserProfile.query(on: db).filter(\.$defaultPersonaID == id).set(\.$defaultPersonaID, to: nil)
                .update()
            try await persona.delete(on: db)
            try await services.events.announceClosed(personaID: id, on: db)
            return true
        }
        guard deleted else { return false }
        try await services.blobs.deleteAll(under: Self.folder(id))
        services.events.close(personaID: id)
        return true
    }

    /// The analysis measured the face in original pixels; the stored copy may be smaller.
    static func geometry(_ photo: PhotoAnalysis, storedWidth: Int) -> ReferenceGeometry? {
        guard let face = photo.face, let landmarks = photo.landmarks, let pose = photo.pose, photo.width > 0 else {
            return nil
        }
        let scale = Double(storedWidth) / Double(photo.width)
        return ReferenceGeometry(
            face: face.scaled(by: scale), landmarks: landmarks.scaled(by: scale), pose: pose,
            expression: photo.expression, backlight: photo.backlight)
    }

    /// A per-persona, per-scenario seed: reproducible from the persona's id.
    static func seed(_ personaID: UUID, _ index: Int) -> UInt64 {
        let bytes = withUnsafeBytes(of: personaID.uuid) { Array($0) }
        let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return high ^ (UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15)
    }
}
