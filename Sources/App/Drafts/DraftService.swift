import Crypto
import Fluent
import Imaging
import PersonaKit
import Vapor

/// Draft personas: a persona in `pending_upload` that photos are added to one at a time, each
/// analysed as it arrives, and that is built (its portraits started) when the set is good enough.
/// Everything is in the database and the blob store, so any process can serve any step.
struct DraftService {
    let app: Application
    let db: any Database
    let user: AuthenticatedUser

    var services: InflioServices { app.inflio }
    var store: PersonaStore { PersonaStore(services: services, db: db, user: user) }

    /// A new draft. The name may still be empty: it is required when the draft is built.
    /// Open drafts a user may have at once: a tab keeps one, a few tabs a few. Drafts cost storage
    /// without ever being charged, so their number is bounded (and each lives 24 h untouched).
    static let maxOpenDrafts = 5

    func create(name rawName: String?, description rawDescription: String?) async throws -> Persona {
        try await OnboardingService(db: db, user: user).requireConsent()
        let open = try await Persona.query(on: db).filter(\.$userID == user.id).filter(\.$status == .pendingUpload)
            .count()
        guard open < Self.maxOpenDrafts else {
            throw ServiceError(
                .conflict, "too_many_drafts",
                "You have \(open) unfinished personas. Build or delete one of them before starting another.",
                details: .object(["maximum": .number(Double(Self.maxOpenDrafts))]))
        }
        let trimmed = rawName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let name = trimmed.isEmpty ? "" : try PersonaIntake.checkedName(trimmed, ifEmpty: "Give your persona a name.")
        let description = try PersonaIntake.checkedDescription(rawDescription ?? "")
        let persona = Persona(
            userID: user.id, name: name, description: description, status: .pendingUpload, stage: .uploading,
            metadata: PersonaMetadata(
                photoCount: 0, photoUrls: [], referencePhotoUrls: [], portraitUrls: [], analysisQuality: "",
                consistencyScore: 0, provider: services.provider.name))
        try await persona.create(on: db)
        return persona
    }

    /// Analyses one upload and stores it with its analysis; refuses a file that cannot be read,
    /// storing nothing. A photo without a face is stored: its verdict says so.
    func addPhoto(to persona: Persona, upload: PersonaIntake.Upload, uploadToken: String? = nil) async throws
        -> (image: PersonaImage, draft: DraftVerdict, resent: Bool)
    {
        try Self.requireDraft(persona)
        try await OnboardingService(db: db, user: user).requireConsent()
        let personaID = try persona.requireID()
        // A resend after an answer was lost (offline, a 5xx) carries the same token: the photo
        // stored the first time is the answer, not a second copy of it.
        if let earlier = try await Self.photo(named: uploadToken, in: personaID, on: db) {
            return (earlier, try await verdict(persona), true)
        }
        let count = try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID).count()
        if count >= PersonaIntake.maxPhotos { try PersonaIntake.checkCount(count + 1) }
        try PersonaIntake.checkFormats([upload])

        // The analysis and the stored copy decode the file side by side: two cores, one wait.
        let bytes = try await services.compute.runIfActive { try ImageDecoder.readFile(atPath: upload.path) }
        let analyzer = services.analyzer
        async let analysed = services.compute.runIfActive {
            analyzer.analyze(photos: [(name: upload.fileName, bytes: bytes)])[0]
        }
        async let sanitised = services.compute.runIfActive { () -> Result<ImageSanitizer.Stored, any Error> in
            Result { try ImageSanitizer.strippedJPEG(from: bytes, maxSide: PersonaIntake.storedPhotoSide) }
        }
        let analysis = try await analysed
        let copy = try await sanitised
        if let error = analysis.error {
            app.logger.info("\(upload.fileName): \(error.message)")
            let code = PersonaIntake.fileErrorCodes.contains(error.code) ? error.code : "unreadable_image"
            throw PersonaIntake.unreadableFiles([(upload.fileName, code)])
        }
        let stored: ImageSanitizer.Stored
        switch copy {
        case .success(let value): stored = value
        case .failure(let error):
            app.logger.info("\(upload.fileName) could not be stored: \(error)")
            throw PersonaIntake.unreadableFiles([(upload.fileName, "unreadable_image")])
        }

        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let record = try JSONEncoder().encode(StoredPhotoAnalysis(analysis, contentDigest: digest))
        let image = try await store.storePhoto(
            stored, fileName: upload.fileName, personaID: personaID, analysis: analysis, uploadToken: uploadToken)
        let earlier: PersonaImage?
        do {
            earlier = try await db.transaction { db -> PersonaImage? in
                // Locks the draft first (built meanwhile by another request: nothing is added to a
                // persona being made), then counts under the lock: two uploads at once cannot
                // pass 20 together, nor two sends of one token both be stored.
                guard try await Self.lockDraft(personaID, on: db) else { throw Self.notDraft }
                if let earlier = try await Self.photo(named: uploadToken, in: personaID, on: db) { return earlier }
                let stored = try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID).count()
                if stored >= PersonaIntake.maxPhotos { try PersonaIntake.checkCount(stored + 1) }
                try await image.create(on: db)
                try await PhotoAnalysisRecord(imageID: try image.requireID(), personaID: personaID, analysis: record)
                    .create(on: db)
                try await Self.touch(persona, on: db)
                return nil
            }
        } catch {
            try? await services.blobs.delete(image.metadata.storageKey)
            throw error
        }
        if let earlier {
            try? await services.blobs.delete(image.metadata.storageKey)
            return (earlier, try await verdict(persona), true)
        }
        return (image, try await verdict(persona), false)
    }

    /// The draft's photo sent with `uploadToken`, if any (a draft holds at most 20).
    static func photo(named uploadToken: String?, in personaID: UUID, on db: any Database) async throws
        -> PersonaImage?
    {
        guard let uploadToken else { return nil }
        return try await PersonaImage.query(on: db).filter(\.$persona.$id == personaID).all()
            .first { $0.metadata.uploadToken == uploadToken }
    }

    /// Removes one photo of a draft: its row, its analysis and its file.
    func removePhoto(_ photoID: UUID, from persona: Persona) async throws -> DraftVerdict {
        try Self.requireDraft(persona)
        let personaID = try persona.requireID()
        guard
            let image = try await PersonaImage.query(on: db).filter(\.$id == photoID)
                .filter(\.$persona.$id == personaID).first()
        else { throw ServiceError.notFound("This photo") }
        try await db.transaction { db in
            guard try await Self.lockDraft(personaID, on: db) else { throw Self.notDraft }
            try await PhotoAnalysisRecord.query(on: db).filter(\.$id == photoID).delete()
            try await image.delete(on: db)
            try await Self.touch(persona, on: db)
        }
        try? await services.blobs.delete(image.metadata.storageKey)
        return try await verdict(persona)
    }

    /// The set's verdict now, from the stored analyses alone.
    func verdict(_ persona: Persona) async throws -> DraftVerdict {
        let photos = try await DraftPhotos.load(try persona.requireID(), db: db)
        return DraftVerdict(persona: persona, photos: photos, set: photos.setAnalysis(), signer: services.signer)
    }

    /// Starts the portraits, with the same rules and error codes as a one-shot create. The draft is
    /// claimed in the same transaction that reads its photos and writes the jobs: two builds of one
    /// draft, on one process or two, start it once, and a photo changed meanwhile cannot slip in
    /// half-way.
    func build(_ persona: Persona, name: String?, description: String?) async throws -> Persona {
        try Self.requireDraft(persona)
        let personaID = try persona.requireID()
        let onboarding = OnboardingService(db: db, user: user)
        do {
            try await onboarding.requireConsent()
            if let name { persona.name = name }
            if let description { persona.description = try PersonaIntake.checkedDescription(description) }
            persona.name = try PersonaIntake.checkedName(persona.name, ifEmpty: "Give your persona a name.")
            // Claimed first, then judged from what is stored under the claim: a photo added or
            // removed by another request meanwhile is either wholly in the set or wholly out. A
            // refusal rolls the claim back.
            let store = self.store
            let start = try await db.transaction { db -> PersonaStore.Start in
                guard try await Self.claim(personaID, on: db) else { throw Self.notDraft }
                let photos = try await DraftPhotos.load(personaID, db: db)
                // Who the user is comes first, as the draft's verdict asks it first.
                let set = photos.setAnalysis()
                if set.ambiguousGroups != nil { throw PersonaIntake.ambiguousIdentity(set, photoIDs: photos.ids) }
                try PersonaIntake.checkCount(photos.images.count)
                guard set.hasEnoughPhotos, let identity = set.identity else {
                    throw PersonaIntake.notEnoughUsable(set, photoIDs: photos.ids)
                }
                let start = try store.prepareStart(persona, images: photos.images, set: set, identity: identity)
                try await start.reserveQuota(services: store.services, on: db)
                try await start.save(on: db)
                // The descriptors were for judging the set; the persona keeps only its identity.
                try await PhotoAnalysisRecord.query(on: db).filter(\.$persona.$id == personaID).delete()
                return start
            }
            try await start.launch(services: services, db: db)
            return persona
        } catch let error as ServiceError {
            await onboarding.noteRejection(error)
            throw error
        }
    }

    static let notDraft = ServiceError(
        .conflict, "persona_not_draft",
        "This persona is no longer a draft: its portraits have been started. Photos can only be changed before.")

    static func requireDraft(_ persona: Persona) throws {
        guard persona.status == .pendingUpload else { throw notDraft }
    }

    /// Takes the draft's row for writing, as a transaction's first statement; false when it is no
    /// longer a draft. A write first matters on SQLite: a transaction that reads and then writes
    /// while another writes gets SQLITE_BUSY at once, without waiting (SQLite's deadlock
    /// avoidance), where a write first simply waits its turn. On PostgreSQL it is a row lock.
    static func lockDraft(_ id: UUID, on db: any Database) async throws -> Bool {
        let rows = try await db.sql().raw(
            """
            UPDATE personas SET status = status \
            WHERE id = \(bind: id) AND status = \(bind: Persona.Status.pendingUpload.rawValue) RETURNING id
            """
        ).all()
        return rows.count == 1
    }

    /// `pending_upload` → `analyzing` (stage `generating`) in one statement; false when another
    /// request got there first.
    static func claim(_ id: UUID, on db: any Database) async throws -> Bool {
        let rows = try await db.sql().raw(
            """
            UPDATE personas SET status = \(bind: Persona.Status.analyzing.rawValue), \
                stage = \(bind: Persona.Stage.generating.rawValue) \
            WHERE id = \(bind: id) AND status = \(bind: Persona.Status.pendingUpload.rawValue) RETURNING id
            """
        ).all()
        return rows.count == 1
    }

    /// A draft's last activity (what the clean-up measures), and its photo list in the seed's metadata.
    static func touch(_ persona: Persona, on db: any Database) async throws {
        let images = try await PersonaImage.query(on: db).filter(\.$persona.$id == persona.requireID())
            .sort(\.$createdAt).all()
        persona.metadata.photoCount = images.count
        persona.metadata.photoUrls = images.map(\.imageURL)
        persona.updatedAt = Date()
        try await persona.save(on: db)
    }
}
